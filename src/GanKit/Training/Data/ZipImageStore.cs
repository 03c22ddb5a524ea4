using System.Collections.Concurrent;
using System.IO.Compression;

namespace GanKit.Training.Data;

/// <summary>
/// Images in a zip (the reference dataset tool's output). A <see cref="ZipArchive"/> is not safe to read from
/// several threads, so each concurrent reader borrows its own opened copy from a small pool.
/// </summary>
internal sealed class ZipImageStore : ImageStore
{
    private readonly ConcurrentBag<ZipArchive> _pool = new();
    private readonly string[] _names;
    private readonly bool _hasMetadata;
    private bool _disposed;

    public ZipImageStore(string path)
    {
        Path = path;
        var archive = OpenArchive();
        try
        {
            var entries = archive.Entries.Where(e => !e.FullName.EndsWith('/')).Select(e => e.FullName).ToArray();
            _names = entries.Where(IsImageName).OrderBy(n => n, StringComparer.Ordinal).ToArray();
            _hasMetadata = entries.Contains(MetadataName, StringComparer.Ordinal);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
        _pool.Add(archive);
    }

    public override string Path { get; }

    public override IReadOnlyList<string> Names => _names;

    private ZipArchive OpenArchive()
    {
        try
        {
            return ZipFile.OpenRead(Path);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{Path}' is not a readable zip archive (truncated or corrupt: {e.Message}); expected a folder of images or a zip made by 'gankit dataset'.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot open '{Path}': {e.Message}", e);
        }
    }

    private T WithEntry<T>(string name, Func<Stream, long, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var archive = _pool.TryTake(out var a) ? a : OpenArchive();
        try
        {
            var entry = archive.GetEntry(name) ?? throw new FileNotFoundException($"'{Describe(name)}' is missing from the zip.");
            using var stream = entry.Open();
            return read(stream, entry.Length);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"'{Describe(name)}' cannot be read: the zip entry is corrupt or truncated ({e.Message}).", e);
        }
        finally
        {
            if (_disposed) archive.Dispose();
            else _pool.Add(archive);
        }
    }

    public override byte[] Read(string name) => WithEntry(name, (stream, length) =>
    {
        var buffer = new byte[length];
        stream.ReadExactly(buffer);
        return buffer;
    });

    public override byte[] ReadPrefix(string name, int maxBytes) => WithEntry(name, (stream, length) =>
    {
        var buffer = new byte[(int)Math.Min(maxBytes, length)];
        stream.ReadExactly(buffer);
        return buffer;
    });

    public override string? ReadMetadata() => _hasMetadata
        ? WithEntry(MetadataName, (stream, _) => new StreamReader(stream).ReadToEnd())
        : null;

    public override string Describe(string name) => $"{Path}:{name}";

    public override void Dispose()
    {
        _disposed = true;
        while (_pool.TryTake(out var archive)) archive.Dispose();
    }
}
