namespace GanKit.Tests;

/// <summary>
/// Finds the reference fixtures: <c>$GANKIT_FIXTURES</c> if set (the <c>stylegan2-small</c> folder itself or
/// the folder holding it), else <c>../shared/fixtures/stylegan2-small</c> next to the repository root
/// (the first folder above the test binaries that holds <c>GanKit.sln</c>).
/// </summary>
public static class Fixtures
{
    private const string SetName = "stylegan2-small";
    private static readonly Lazy<string> Location = new(Locate);

    /// <summary>The fixture folder (holds <c>config.json</c>, <c>G.safetensors</c>, ...).</summary>
    public static string Dir => Location.Value;

    /// <summary>The full path of a fixture file, e.g. <c>Fixtures.Path("G.safetensors")</c>.</summary>
    public static string Path(string name) => System.IO.Path.Combine(Dir, name);

    private static string Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("GANKIT_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            var nested = System.IO.Path.Combine(fromEnvironment, SetName);
            return Directory.Exists(nested) && !File.Exists(System.IO.Path.Combine(fromEnvironment, "config.json"))
                ? System.IO.Path.GetFullPath(nested)
                : System.IO.Path.GetFullPath(fromEnvironment);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GanKit.sln")))
                return System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "fixtures", SetName));
        }
        throw new DirectoryNotFoundException(
            $"No folder above {AppContext.BaseDirectory} holds GanKit.sln; set GANKIT_FIXTURES to the {SetName} fixture folder.");
    }
}
