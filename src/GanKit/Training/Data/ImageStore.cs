namespace GanKit.Training.Data;

/// <summary>
/// Where a dataset's image files live: a folder (searched recursively) or a zip in the reference dataset-tool
/// layout. Names are relative paths with '/' separators, sorted ordinally, so every platform sees the same order.
/// Reading is thread-safe, so background workers can decode in parallel.
/// </summary>
internal abstract class ImageStore : IDisposable
{
    /// <summary>File extensions taken as images (SkiaSharp decodes them all).</summary>
    public static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".webp"];

    /// <summary>The metadata file of the reference layout, at the root of the folder or zip.</summary>
    public const string MetadataName = "dataset.json";

    /// <summary>The folder or zip, as given.</summary>
    public abstract string Path { get; }

    /// <summary>The image files, relative with '/' separators, in ordinal order.</summary>
    public abstract IReadOnlyList<string> Names { get; }

    /// <summary>The bytes of one image file.</summary>
    public abstract byte[] Read(string name);

    /// <summary>At most <paramref name="maxBytes"/> leading bytes of one image file (enough for its header).</summary>
    public abstract byte[] ReadPrefix(string name, int maxBytes);

    /// <summary>The text of <c>dataset.json</c>, or null when there is none.</summary>
    public abstract string? ReadMetadata();

    /// <summary>How to name one file in messages: its path, or the entry and the zip.</summary>
    public abstract string Describe(string name);

    /// <summary>A short name for runs and logs: the folder's or zip's name without extension.</summary>
    public string ShortName
    {
        get
        {
            var full = System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(Path));
            return System.IO.Path.GetFileNameWithoutExtension(full);
        }
    }

    /// <inheritdoc />
    public abstract void Dispose();

    /// <summary>True when <paramref name="name"/> has an image extension.</summary>
    public static bool IsImageName(string name) =>
        Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <summary>Opens a folder or a zip; errors name the path and what was expected.</summary>
    public static ImageStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path)) return new FolderImageStore(path);
        if (File.Exists(path)) return new ZipImageStore(path);
        throw new FileNotFoundException($"'{path}' does not exist: expected a folder of PNG, JPEG or WebP images or a dataset zip.", path);
    }
}
