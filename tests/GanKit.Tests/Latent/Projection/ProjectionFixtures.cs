namespace GanKit.Tests.Latent.Projection;

/// <summary>The committed projection fixtures (made by <c>make_fixtures.py</c> in this folder), read from the source tree.</summary>
internal static class ProjectionFixtures
{
    private static readonly Lazy<string> Location = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GanKit.sln")))
                return System.IO.Path.Combine(dir.FullName, "tests", "GanKit.Tests", "Latent", "Projection");
        }
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds GanKit.sln");
    });

    public static string Path(string name) => System.IO.Path.Combine(Location.Value, name);

    /// <summary>The shared small network as one file with G_ema and D (the reference pickle).</summary>
    public static string NetworkPickle => Fixtures.Path("network-snapshot.pkl");
}
