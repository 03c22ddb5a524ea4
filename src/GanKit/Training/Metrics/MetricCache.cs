using System.IO.Hashing;
using GanKit.Training.Data;

namespace GanKit.Training.Metrics;

/// <summary>
/// Where metric files live: <c>$GANKIT_CACHE</c>, else <c>$XDG_CACHE_HOME/gankit</c>, else <c>~/.cache/gankit</c>;
/// detectors in <c>detectors/</c>, real-image feature statistics in <c>metrics/</c>. Also the content hashes
/// that key cached statistics.
/// </summary>
public static class MetricCache
{
    /// <summary>The environment variable that moves the whole cache.</summary>
    public const string Variable = "GANKIT_CACHE";

    /// <summary>The cache root.</summary>
    public static string Root
    {
        get
        {
            if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named) return Path.GetFullPath(named);
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var cache = string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache") : xdg;
            return Path.Combine(cache, "gankit");
        }
    }

    /// <summary>The folder searched for detector files.</summary>
    public static string DetectorFolder => Path.Combine(Root, "detectors");

    /// <summary>The default folder for cached real-image statistics.</summary>
    public static string StatisticsFolder => Path.Combine(Root, "metrics");

    /// <summary>
    /// A content hash (XxHash128, hex) of a dataset: a zip's bytes, or a folder's image files (relative names and
    /// bytes, in ordinal name order, with <c>dataset.json</c>). A renamed or re-encoded image changes it; a copy of the set elsewhere does not.
    /// </summary>
    public static string DatasetHash(string path)
    {
        var hash = new XxHash128();
        if (File.Exists(path))
        {
            using var stream = File.OpenRead(path);
            hash.Append(stream);
        }
        else if (Directory.Exists(path))
        {
            var root = Path.GetFullPath(path);
            var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
                .Where(f => ImageStore.IsImageName(f) || f == ImageStore.MetadataName)
                .OrderBy(f => f, StringComparer.Ordinal);
            foreach (var name in files)
            {
                hash.Append(System.Text.Encoding.UTF8.GetBytes(name + "\0"));
                using var stream = File.OpenRead(Path.Combine(root, name));
                hash.Append(stream);
            }
        }
        else
        {
            throw new FileNotFoundException($"dataset '{path}' does not exist: expected a folder of images or a dataset zip", path);
        }
        return Convert.ToHexString(hash.GetCurrentHash()).ToLowerInvariant();
    }

    /// <summary>A short content hash (XxHash64, hex) of a file, e.g. a detector.</summary>
    public static string FileHash(string path)
    {
        var hash = new XxHash64();
        using var stream = File.OpenRead(path);
        hash.Append(stream);
        return Convert.ToHexString(hash.GetCurrentHash()).ToLowerInvariant();
    }
}
