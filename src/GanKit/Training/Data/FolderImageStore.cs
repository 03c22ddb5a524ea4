namespace GanKit.Training.Data;

/// <summary>Images in a folder and its subfolders (hidden files skipped), with an optional <c>dataset.json</c> at the top.</summary>
internal sealed class FolderImageStore : ImageStore
{
    private readonly string _root;
    private readonly string[] _names;

    public FolderImageStore(string path)
    {
        Path = path;
        _root = System.IO.Path.GetFullPath(path);
        try
        {
            _names = Directory.EnumerateFiles(_root, "*", new EnumerationOptions { RecurseSubdirectories = true })
                .Where(IsImageName)
                .Select(f => System.IO.Path.GetRelativePath(_root, f).Replace('\\', '/'))
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot list the images in '{path}': {e.Message}", e);
        }
    }

    public override string Path { get; }

    public override IReadOnlyList<string> Names => _names;

    private string Full(string name) => System.IO.Path.Combine(_root, name);

    public override byte[] Read(string name)
    {
        try { return File.ReadAllBytes(Full(name)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read '{Describe(name)}': {e.Message}", e);
        }
    }

    public override byte[] ReadPrefix(string name, int maxBytes)
    {
        try
        {
            using var stream = new FileStream(Full(name), FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
            var buffer = new byte[(int)Math.Min(maxBytes, stream.Length)];
            stream.ReadExactly(buffer);
            return buffer;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read '{Describe(name)}': {e.Message}", e);
        }
    }

    public override string? ReadMetadata()
    {
        var path = System.IO.Path.Combine(_root, MetadataName);
        return File.Exists(path) ? File.ReadAllText(path) : null;
    }

    public override string Describe(string name) => System.IO.Path.Combine(Path, name);

    public override void Dispose()
    {
    }
}
