using System.Security.Cryptography;

namespace GanKit.Networks;

/// <summary>
/// The network GanKit uses when none is named: the avatars network trained by GanKit itself
/// (<c>models/avatars-32.safetensors</c> in the repository, embedded in the GanKit assembly so that the CLI and the
/// notebooks find it offline), or, in a build without it, the untrained <see cref="DemoNetwork"/>, which says so.
/// </summary>
public static class DefaultNetwork
{
    /// <summary>The shipped network's file name in the repository's <c>models</c> folder.</summary>
    public const string FileName = "avatars-32.safetensors";

    /// <summary>An environment variable naming another network file to use as the default.</summary>
    public const string Variable = "GANKIT_DEFAULT_NETWORK";

    private const string ResourceName = "GanKit.Models." + FileName;

    /// <summary>What <see cref="Load"/> says about the untrained fallback.</summary>
    public const string FallbackSource = "GanKit's untrained demo network (abstract colour fields): this build lacks the trained avatars network " +
                                         "(models/" + FileName + ")";

    /// <summary>Whether this build carries the trained avatars network.</summary>
    public static bool HasTrainedNetwork => typeof(DefaultNetwork).Assembly.GetManifestResourceInfo(ResourceName) is not null;

    /// <summary>
    /// The default networks: <c>GANKIT_DEFAULT_NETWORK</c> when set, else the shipped avatars network, else the untrained
    /// demo network; <see cref="NetworkSet.Source"/> says which.
    /// </summary>
    public static NetworkSet Load(Device? device = null)
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named) return NetworkFile.Load(named, device);
        if (ShippedFile() is { } path)
        {
            var shipped = NetworkFile.Load(path, device);
            return new NetworkSet(shipped.G_ema, shipped.G, shipped.D, shipped.Metadata, $"GanKit's avatars network ({FileName}, trained by GanKit)");
        }
        return new NetworkSet(DemoNetwork.Create(device: device), source: FallbackSource);
    }

    /// <summary>The file the default network comes from (<c>GANKIT_DEFAULT_NETWORK</c> or the shipped network), or null for the untrained fallback.</summary>
    public static string? FilePath() =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named ? named : ShippedFile();

    /// <summary>
    /// The shipped network as a file (network files load from paths): the embedded copy is written once to
    /// <c>~/.cache/gankit/models</c> under its content hash. Null when this build lacks it.
    /// </summary>
    public static string? ShippedFile() => Shipped.Value;

    // Read, hashed and written at most once per process: the file is about 10 MB.
    private static readonly Lazy<string?> Shipped = new(WriteShippedFile);

    private static string? WriteShippedFile()
    {
        using var resource = typeof(DefaultNetwork).Assembly.GetManifestResourceStream(ResourceName);
        if (resource is null) return null;
        using var memory = new MemoryStream();
        resource.CopyTo(memory);
        var bytes = memory.ToArray();
        var hash = Convert.ToHexString(SHA256.HashData(bytes))[..16].ToLowerInvariant();
        var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "gankit", "models");
        var path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(FileName)}-{hash}.safetensors");
        if (!File.Exists(path) || new FileInfo(path).Length != bytes.Length)
        {
            Directory.CreateDirectory(folder);
            var temp = $"{path}.{Environment.ProcessId}.tmp"; // another process may be writing the same file
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, path, overwrite: true);
        }
        return path;
    }
}
