using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Runtime.InteropServices;

namespace GanKit.Formats.Pickle;

/// <summary>
/// The two layouts <c>torch.save</c> writes, read as data. StyleGAN2-ADA snapshots embed one per storage
/// (<c>torch.storage._load_from_bytes(b'...')</c>), normally in the legacy layout; the zip layout is what
/// newer <c>torch.save</c> calls write by default.
/// <list type="bullet">
/// <item>Legacy: pickles of the magic number, the format version (1001) and system info, then the object
/// pickle (storages as persistent ids), then a pickle of the storage keys, then each storage's bytes after
/// an int64 element count.</item>
/// <item>Zip: <c>&lt;root&gt;/data.pkl</c> (storages as persistent ids <c>('storage', type, key, location,
/// numel)</c>) and <c>&lt;root&gt;/data/&lt;key&gt;</c> with each storage's raw bytes.</item>
/// </list>
/// </summary>
internal static class TorchSerialization
{
    private const string Expected = "a torch.save payload";
    private const long LegacyFormatVersion = 1001;

    // 0x1950a86a20f9469cfc6c, pickled by torch as protocol 2 LONG1 with 10 bytes.
    private static readonly BigInteger LegacyMagic = BigInteger.Parse("119547037146038801333356");
    private static ReadOnlySpan<byte> LegacyPrefix => [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19];

    /// <summary>True when the bytes start like a zip archive.</summary>
    public static bool IsZip(ReadOnlySpan<byte> data) => data.StartsWith("PK\x03\x04"u8) || data.StartsWith("PK\x05\x06"u8);

    /// <summary>True when the bytes start with the legacy torch.save magic number.</summary>
    public static bool IsLegacy(ReadOnlySpan<byte> data) => data.StartsWith(LegacyPrefix);

    /// <summary><c>torch.storage._load_from_bytes(payload)</c>: a storage saved on its own.</summary>
    public static TorchStorage LoadStorageFromBytes(PickleSession session, object? payload)
    {
        if (payload is not PyBytes bytes)
            throw new PickleDataException($"_load_from_bytes expects bytes but got {PyDescribe.Of(payload)}");
        if (session.StoragesFromBytes.TryGetValue(bytes, out var cached))
            return cached;

        var where = new Where(bytes.FileOffset, bytes.FileOffset < 0 ? "an embedded torch payload" : null);
        var result = Load(session, bytes.Memory, where);
        if (result is not TorchStorage storage)
            throw where.Fail(session, $"the torch payload holds {PyDescribe.Of(result)} where a storage belongs");
        session.StoragesFromBytes[bytes] = storage;
        return storage;
    }

    /// <summary>Reads a torch.save payload of either layout.</summary>
    public static object? Load(PickleSession session, ReadOnlyMemory<byte> data, Where where)
    {
        if (IsZip(data.Span))
            return LoadZip(session, data, where);
        if (IsLegacy(data.Span))
            return LoadLegacy(session, data, where);
        throw where.Fail(session, "the torch payload is neither a zip archive nor a legacy torch.save stream");
    }

    /// <summary>Where a payload lies, for error messages: a file offset, or a description when it has none.</summary>
    internal readonly record struct Where(long FileOffset, string? Part)
    {
        public string Describe => Part ?? $"the torch payload at byte {FileOffset}";

        public GanKitFormatException Fail(PickleSession session, string problem, Exception? inner = null) =>
            new(session.Source, $"{problem} ({Describe}); expected {Expected}", inner);

        public PickleReader Reader(PickleSession session, ReadOnlyMemory<byte> data, int start, Func<object?, object?>? persistentLoad) =>
            new(data, start, session, Expected, Math.Max(FileOffset, 0), Part, persistentLoad);
    }

    private static object? LoadLegacy(PickleSession session, ReadOnlyMemory<byte> data, Where where)
    {
        var storages = new Dictionary<string, TorchStorage>(StringComparer.Ordinal);
        var views = new Dictionary<string, TorchStorage>(StringComparer.Ordinal);
        var reader = where.Reader(session, data, 0, id => LegacyPersistentLoad(id, storages, views));

        if (reader.Load() is not BigInteger magic || magic != LegacyMagic)
            throw where.Fail(session, "the legacy torch.save magic number is wrong");
        if (reader.Load() is not LegacyFormatVersion)
            throw where.Fail(session, $"the legacy torch.save format version is not {LegacyFormatVersion}");
        if (reader.Load() is not PyDict systemInfo)
            throw where.Fail(session, "the legacy torch.save system info is not a dict");
        if (systemInfo.Get("little_endian") is false)
            throw where.Fail(session, "the payload was saved on a big-endian machine, which GanKit does not read");

        var result = reader.Load();
        var keys = reader.Load();
        var position = (long)reader.Position;
        try
        {
            foreach (var item in PyDescribe.Sequence(keys, "the legacy storage key list"))
            {
                var key = PyDescribe.Str(item, "a storage key");
                if (!storages.TryGetValue(key, out var storage))
                    throw new PickleDataException($"storage '{PickleGlobals.Clip(key)}' has data but nothing refers to it");
                if (data.Length - position < 8)
                    throw new PickleDataException($"the data ends before storage '{PickleGlobals.Clip(key)}': the file is truncated");
                var numel = BinaryPrimitives.ReadInt64LittleEndian(data.Span.Slice((int)position, 8));
                position += 8;
                if (numel != storage.Numel)
                    throw new PickleDataException($"storage '{PickleGlobals.Clip(key)}' holds {numel} elements but is used as {storage.Numel}");
                if (storage.ByteLength > data.Length - position)
                    throw new PickleDataException($"storage '{PickleGlobals.Clip(key)}' needs {storage.ByteLength} bytes but {data.Length - position} remain: the file is truncated");
                session.Budget.ChargeBytes(storage.ByteLength, "a tensor storage");
                storage.SetData(data.Slice((int)position, (int)storage.ByteLength).ToArray());
                position += storage.ByteLength;
            }
            var missing = storages.FirstOrDefault(s => !s.Value.HasData).Key;
            if (missing is not null)
                throw new PickleDataException($"storage '{PickleGlobals.Clip(missing)}' is used but its data is missing");
        }
        catch (PickleDataException e)
        {
            throw where.Fail(session, e.Message, e);
        }
        return result;
    }

    // ('storage', storage_type, root_key, location, numel, view_metadata)
    private static TorchStorage LegacyPersistentLoad(object? id, Dictionary<string, TorchStorage> storages, Dictionary<string, TorchStorage> views)
    {
        var (dtype, key, numel, fields) = ParseStorageId(id, minFields: 5);
        var root = RootStorage(storages, key, dtype, numel);
        if (fields.Length < 6 || fields[5] is null)
            return root;

        // A view into the root storage: (view_key, offset, view_size), all in elements.
        var view = PyDescribe.Sequence(fields[5], "a storage's view metadata");
        if (view.Length != 3)
            throw new PickleDataException("a storage's view metadata is not (key, offset, size)");
        var viewKey = PyDescribe.Str(view[0], "a storage view's key");
        if (!views.TryGetValue(viewKey, out var storage))
            views[viewKey] = storage = new TorchStorage(root, PyDescribe.Int(view[1], "a storage view's offset"), PyDescribe.Int(view[2], "a storage view's size"));
        return storage;
    }

    private static object? LoadZip(PickleSession session, ReadOnlyMemory<byte> data, Where where)
    {
        if (!MemoryMarshal.TryGetArray(data, out var segment) || segment.Array is null)
            segment = new ArraySegment<byte>(data.ToArray());
        try
        {
            using var archive = new ZipArchive(new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false), ZipArchiveMode.Read);
            // torch names everything "<root>/...", the root being the file's stem ("archive" for payloads).
            var pickleEntry = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)
                                                                  && e.FullName.IndexOf('/') == e.FullName.Length - "/data.pkl".Length)
                ?? throw where.Fail(session, "the zip archive has no <root>/data.pkl");
            var root = pickleEntry.FullName[..^"/data.pkl".Length];
            if (archive.GetEntry($"{root}/byteorder") is { } byteOrder && AsciiText(ReadEntry(session, byteOrder, data.Length)) == "big")
                throw where.Fail(session, "the archive was saved big-endian, which GanKit does not read");

            var storages = new Dictionary<string, TorchStorage>(StringComparer.Ordinal);
            var pickle = ReadEntry(session, pickleEntry, data.Length);
            var part = $"{pickleEntry.FullName} in {where.Describe}";
            var reader = new PickleReader(pickle, 0, session, Expected, part: part,
                persistentLoad: id => ZipPersistentLoad(session, archive, root, id, storages, data.Length));
            return reader.Load();
        }
        catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
        {
            throw where.Fail(session, $"the zip archive is corrupt ({e.Message})", e);
        }
        catch (PickleDataException e)
        {
            throw where.Fail(session, e.Message, e);
        }

        static string AsciiText(byte[] bytes) => System.Text.Encoding.ASCII.GetString(bytes).Trim();
    }

    // ('storage', storage_type, key, location, numel); the bytes are the record <root>/data/<key>.
    private static TorchStorage ZipPersistentLoad(PickleSession session, ZipArchive archive, string root, object? id,
        Dictionary<string, TorchStorage> storages, long archiveLength)
    {
        var (dtype, key, numel, _) = ParseStorageId(id, minFields: 5);
        if (storages.TryGetValue(key, out var known))
            return known.DType == dtype && known.Numel == numel ? known : throw new PickleDataException($"storage '{PickleGlobals.Clip(key)}' is used with two types or sizes");

        var entry = archive.GetEntry($"{root}/data/{key}")
            ?? throw new PickleDataException($"storage '{PickleGlobals.Clip(key)}' has no record {root}/data/{PickleGlobals.Clip(key)} in the archive");
        var storage = new TorchStorage(dtype, numel);
        if (entry.Length != storage.ByteLength)
            throw new PickleDataException($"storage '{PickleGlobals.Clip(key)}' needs {storage.ByteLength} bytes but its record has {entry.Length}");
        storage.SetData(ReadEntry(session, entry, archiveLength));
        storages[key] = storage;
        return storage;
    }

    private static byte[] ReadEntry(PickleSession session, ZipArchiveEntry entry, long archiveLength)
    {
        // torch stores records uncompressed, so none can be longer than the archive: no zip bombs.
        if (entry.Length < 0 || entry.Length > archiveLength)
            throw new PickleDataException($"zip record {PickleGlobals.Clip(entry.FullName)} claims {entry.Length} bytes, more than the archive holds");
        session.Budget.ChargeBytes(entry.Length, $"zip record {PickleGlobals.Clip(entry.FullName)}");
        var bytes = new byte[entry.Length];
        using var stream = entry.Open();
        stream.ReadExactly(bytes);
        return bytes;
    }

    private static (ScalarType DType, string Key, long Numel, object?[] Fields) ParseStorageId(object? id, int minFields)
    {
        if (id is not PyTuple { Count: >= 5 } tuple || tuple.Count < minFields || tuple[0] is not "storage")
            throw new PickleDataException($"a persistent id is {PyDescribe.Of(id)}, not a ('storage', type, key, location, size) tuple");
        if (tuple[1] is not PyGlobal { StorageType: { } dtype })
            throw new PickleDataException($"a storage has type {PyDescribe.Of(tuple[1])}, not a torch storage class");
        var key = PyDescribe.Str(tuple[2], "a storage key");
        var numel = PyDescribe.Int(tuple[4], "a storage size");
        if (numel < 0 || numel > long.MaxValue / 8)
            throw new PickleDataException($"storage '{PickleGlobals.Clip(key)}' has an impossible size {numel}");
        return (dtype, key, numel, tuple.Items);
    }

    private static TorchStorage RootStorage(Dictionary<string, TorchStorage> storages, string key, ScalarType dtype, long numel)
    {
        if (storages.TryGetValue(key, out var known))
        {
            return known.DType == dtype && known.Numel == numel
                ? known
                : throw new PickleDataException($"storage '{PickleGlobals.Clip(key)}' is used with two types or sizes");
        }
        return storages[key] = new TorchStorage(dtype, numel);
    }
}
