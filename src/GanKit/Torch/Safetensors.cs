using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GanKit.Torch;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
/// (<c>name → {dtype, shape, data_offsets}</c> plus an optional <c>__metadata__</c> string map), then the
/// tensors' bytes. Offsets are relative to the end of the header and must tile the data without gaps.
/// </summary>
public static class Safetensors
{
    // The reference implementation refuses headers above 100 MB; so do we, before allocating one.
    private const long MaxHeaderBytes = 100_000_000;
    private const string MetadataKey = "__metadata__";

    /// <summary>Reads every tensor of a safetensors file, in file order.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="GanKitFormatException">The file is truncated, corrupt or not safetensors.</exception>
    public static IReadOnlyDictionary<string, RawTensor> Read(string path) => Read(path, out _);

    /// <summary>Reads every tensor of a safetensors file, in file order, and its metadata.</summary>
    /// <param name="path">The file.</param>
    /// <param name="metadata">The <c>__metadata__</c> map; empty if the file has none.</param>
    /// <exception cref="GanKitFormatException">The file is truncated, corrupt or not safetensors.</exception>
    public static IReadOnlyDictionary<string, RawTensor> Read(string path, out IReadOnlyDictionary<string, string> metadata) =>
        ReadCore<RawTensor>(path, out metadata, (Entry entry, out RawTensor value) =>
        {
            var data = new byte[entry.End - entry.Begin];
            value = new RawTensor(entry.DType, entry.Shape, data);
            return data;
        }, dispose: null);

    /// <summary>
    /// Reads every tensor of a safetensors file, in file order, as TorchSharp tensors (the bytes go straight from
    /// the file into each tensor's memory). The dictionary suits <c>module.load_state_dict</c>.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="device">Where the tensors live; the CPU when null.</param>
    /// <exception cref="GanKitFormatException">The file is truncated, corrupt or not safetensors.</exception>
    public static Dictionary<string, Tensor> ReadTensors(string path, Device? device = null) => ReadTensors(path, out _, device);

    /// <summary>Reads every tensor of a safetensors file, in file order, as TorchSharp tensors, and its metadata.</summary>
    /// <param name="path">The file.</param>
    /// <param name="metadata">The <c>__metadata__</c> map; empty if the file has none.</param>
    /// <param name="device">Where the tensors live; the CPU when null.</param>
    /// <exception cref="GanKitFormatException">The file is truncated, corrupt or not safetensors.</exception>
    public static Dictionary<string, Tensor> ReadTensors(string path, out IReadOnlyDictionary<string, string> metadata, Device? device = null)
    {
        var tensors = ReadCore<Tensor>(path, out metadata, (Entry entry, out Tensor value) =>
        {
            value = torch.empty(entry.Shape, entry.DType, torch.CPU);
            // An empty tensor may have no storage at all: there is nothing to read into.
            return entry.End == entry.Begin ? Span<byte>.Empty : value.bytes;
        }, dispose: t => t.Dispose());
        if (device is null || device.type == DeviceType.CPU)
            return tensors;
        foreach (var name in tensors.Keys.ToList())
            tensors[name] = tensors[name].to(device, disposeAfter: true);
        return tensors;
    }

    /// <summary>
    /// Writes tensors (in the order given) and metadata as a safetensors file. The file is written under a
    /// temporary name in the same folder and moved over <paramref name="path"/> only when complete, so a
    /// crash never leaves a half-written file behind.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">Names and tensors; names must be unique and not <c>__metadata__</c>.</param>
    /// <param name="metadata">Optional string map stored as <c>__metadata__</c>.</param>
    /// <exception cref="ArgumentException">A duplicate or reserved name, a dtype safetensors cannot store, or a tensor whose bytes do not match its shape.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, RawTensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        WriteCore(path, tensors.Select(t => new Source(t.Key, t.Value.DType, t.Value.Shape, t.Value.Data.LongLength, t.Value.Data, null)).ToList(), metadata);

    /// <summary>
    /// Writes TorchSharp tensors (in the order given, from any device) and metadata as a safetensors file,
    /// atomically as <see cref="Write(string, IEnumerable{KeyValuePair{string, RawTensor}}, IReadOnlyDictionary{string, string}?)"/>
    /// does. Each tensor's bytes are copied to the file one tensor at a time, never all at once into managed memory.
    /// </summary>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="tensors">Names and tensors, e.g. <c>module.state_dict()</c>; names must be unique and not <c>__metadata__</c>.</param>
    /// <param name="metadata">Optional string map stored as <c>__metadata__</c>.</param>
    /// <exception cref="ArgumentException">A duplicate or reserved name, or a dtype safetensors cannot store.</exception>
    public static void Write(string path, IEnumerable<KeyValuePair<string, Tensor>> tensors, IReadOnlyDictionary<string, string>? metadata = null) =>
        WriteCore(path, tensors.Select(t => new Source(t.Key, t.Value.dtype, t.Value.shape, -1, null, t.Value)).ToList(), metadata);

    private delegate Span<byte> Allocate<T>(Entry entry, out T value);

    private static Dictionary<string, T> ReadCore<T>(string path, out IReadOnlyDictionary<string, string> metadata, Allocate<T> allocate, Action<T>? dispose)
    {
        // No FileStream buffer: the header and each tensor are read straight into their own memory.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        var fileLength = stream.Length;
        if (fileLength < 8)
            throw Fail(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length");

        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (headerLength > (ulong)(fileLength - 8))
            throw Fail(path, $"the header length {headerLength} exceeds the file size ({fileLength} bytes); the file is truncated or not safetensors");
        if (headerLength > MaxHeaderBytes)
            throw Fail(path, $"the header length {headerLength} is above the {MaxHeaderBytes}-byte limit");

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataStart = 8 + (long)headerLength;
        var entries = ParseHeader(path, header, out metadata);
        CheckLayout(path, entries, fileLength - dataStart);

        var tensors = new Dictionary<string, T>(entries.Count, StringComparer.Ordinal);
        try
        {
            foreach (var entry in entries)
            {
                var destination = allocate(entry, out var value);
                tensors.Add(entry.Name, value);
                stream.Position = dataStart + entry.Begin;
                try
                {
                    stream.ReadExactly(destination);
                }
                catch (EndOfStreamException e)
                {
                    throw Fail(path, $"the file ended while reading tensor '{entry.Name}' (it shrank while being read?)", e);
                }
            }
        }
        catch when (dispose is not null)
        {
            foreach (var value in tensors.Values)
                dispose(value);
            throw;
        }
        return tensors;
    }

    // One tensor to write: managed bytes (RawTensor) or a TorchSharp tensor copied out when its turn comes.
    private sealed record Source(string Name, ScalarType DType, long[] Shape, long ByteLength, byte[]? Bytes, Tensor? Tensor);

    private static void WriteCore(string path, List<Source> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var header = BuildHeader(tensors, metadata);

        var fullPath = System.IO.Path.GetFullPath(path);
        var tempPath = $"{fullPath}.tmp-{Guid.NewGuid():N}";
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                Span<byte> lengthBytes = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(lengthBytes, (ulong)header.Length);
                stream.Write(lengthBytes);
                stream.Write(header);
                foreach (var tensor in tensors)
                {
                    if (tensor.Bytes is not null)
                        stream.Write(tensor.Bytes);
                    else
                        WriteTensor(stream, tensor.Tensor!);
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    private static void WriteTensor(Stream stream, Tensor tensor)
    {
        if (tensor.numel() == 0)
            return;
        using var scope = torch.NewDisposeScope();
        var dense = tensor.detach().cpu().contiguous();
        var byteCount = dense.numel() * dense.element_size();
        if (byteCount <= int.MaxValue)
            stream.Write(dense.bytes);
        else
            dense.WriteBytesToStream(stream, bufferSize: 1 << 20); // a span cannot hold 2 GB or more
    }

    private sealed record Entry(string Name, ScalarType DType, long[] Shape, long Begin, long End);

    private static List<Entry> ParseHeader(string path, byte[] header, out IReadOnlyDictionary<string, string> metadata)
    {
        // JsonDocument only checks UTF-8 inside strings when they are read; check it all up front.
        if (!System.Text.Unicode.Utf8.IsValid(header))
            throw Fail(path, "the header is not valid UTF-8 JSON; the file is corrupt or not safetensors");

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw Fail(path, $"the header is not valid JSON ({e.Message}); the file is corrupt or not safetensors", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Fail(path, "the header is not a JSON object of tensors");

            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            var entries = new List<Entry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!names.Add(property.Name))
                    throw Fail(path, $"the header names '{property.Name}' twice");
                if (property.Name == MetadataKey)
                    ReadMetadata(path, property.Value, meta);
                else
                    entries.Add(ReadEntry(path, property.Name, property.Value));
            }
            metadata = meta;
            return entries;
        }
    }

    private static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> meta)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail(path, "__metadata__ is not a JSON object of strings");
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Fail(path, $"__metadata__ entry '{item.Name}' is not a string");
            meta[item.Name] = item.Value.GetString()!;
        }
    }

    private static Entry ReadEntry(string path, string name, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object
            || !value.TryGetProperty("dtype", out var dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String
            || !value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array
            || !value.TryGetProperty("data_offsets", out var offsetsElement) || offsetsElement.ValueKind != JsonValueKind.Array)
            throw Fail(path, $"tensor '{name}' lacks a dtype string, shape array or data_offsets array");

        var dtypeName = dtypeElement.GetString()!;
        var dtype = ScalarTypes.FromSafetensorsName(dtypeName)
            ?? throw Fail(path, $"tensor '{name}' has unknown dtype '{dtypeName}' (expected F64, F32, F16, BF16, I64, I32, I16, I8, U8 or BOOL)");

        var shape = new long[shapeElement.GetArrayLength()];
        var i = 0;
        foreach (var dim in shapeElement.EnumerateArray())
        {
            if (dim.ValueKind != JsonValueKind.Number || !dim.TryGetInt64(out var size) || size < 0)
                throw Fail(path, $"tensor '{name}' has a shape entry that is not a non-negative integer");
            shape[i++] = size;
        }

        if (offsetsElement.GetArrayLength() != 2)
            throw Fail(path, $"tensor '{name}' needs data_offsets [begin, end]");
        var begin = ReadOffset(path, name, offsetsElement[0]);
        var end = ReadOffset(path, name, offsetsElement[1]);
        if (end < begin)
            throw Fail(path, $"tensor '{name}' has data_offsets [{begin}, {end}] that end before they begin");

        long expected;
        try
        {
            expected = checked(shape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize());
        }
        catch (OverflowException)
        {
            throw Fail(path, $"tensor '{name}' has a shape whose size overflows");
        }
        if (end - begin != expected)
            throw Fail(path, $"tensor '{name}' ({dtypeName} [{string.Join(", ", shape)}]) needs {expected} bytes but its data_offsets [{begin}, {end}] span {end - begin}");
        return new Entry(name, dtype, shape, begin, end);
    }

    private static long ReadOffset(string path, string name, JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var offset) || offset < 0)
            throw Fail(path, $"tensor '{name}' has a data offset that is not a non-negative integer");
        return offset;
    }

    // The format requires the tensors to tile the data section exactly: no overlaps, no holes, nothing past the end.
    private static void CheckLayout(string path, List<Entry> entries, long dataLength)
    {
        var previousEnd = 0L;
        string? previous = null;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.Begin < previousEnd)
                throw Fail(path, $"tensors '{previous}' and '{entry.Name}' overlap in the data section");
            if (entry.Begin > previousEnd)
                throw Fail(path, $"the data section has a gap before tensor '{entry.Name}' (bytes {previousEnd} to {entry.Begin})");
            previousEnd = entry.End;
            previous = entry.Name;
        }
        if (previousEnd > dataLength)
            throw Fail(path, $"the file is truncated: the tensors need {previousEnd} data bytes but only {dataLength} follow the header");
        if (previousEnd < dataLength)
            throw Fail(path, $"the data section has {dataLength - previousEnd} bytes after the last tensor");
    }

    private static byte[] BuildHeader(List<Source> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var buffer = new ArrayBufferWriter<byte>();
        // Relaxed escaping keeps metadata JSON readable ('+', '<', non-ASCII) while staying valid JSON.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject(MetadataKey);
                foreach (var (key, value) in metadata)
                    json.WriteString(key, value);
                json.WriteEndObject();
            }

            var names = new HashSet<string>(StringComparer.Ordinal);
            var offset = 0L;
            foreach (var tensor in tensors)
            {
                var name = tensor.Name;
                if (name == MetadataKey)
                    throw new ArgumentException($"'{MetadataKey}' is reserved and cannot name a tensor", nameof(tensors));
                if (!names.Add(name))
                    throw new ArgumentException($"tensor name '{name}' appears twice", nameof(tensors));
                var dtypeName = tensor.DType.SafetensorsNameOrNull()
                    ?? throw new ArgumentException($"tensor '{name}' has dtype {tensor.DType.TorchName()}, which safetensors cannot store", nameof(tensors));
                var expected = tensor.Shape.Aggregate(1L, (a, b) => a * b) * tensor.DType.ElementSize();
                if (tensor.Bytes is not null && tensor.ByteLength != expected)
                    throw new ArgumentException($"tensor '{name}' has {tensor.ByteLength} bytes but its shape needs {expected}", nameof(tensors));

                json.WriteStartObject(name);
                json.WriteString("dtype", dtypeName);
                json.WriteStartArray("shape");
                foreach (var size in tensor.Shape)
                    json.WriteNumberValue(size);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + expected);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += expected;
            }
            json.WriteEndObject();
        }

        // Pad with spaces so the data starts 8-byte aligned (the length prefix is 8 bytes itself).
        var padded = (buffer.WrittenCount + 7) / 8 * 8;
        var header = new byte[padded];
        buffer.WrittenSpan.CopyTo(header);
        header.AsSpan(buffer.WrittenCount).Fill((byte)' ');
        return header;
    }

    private static GanKitFormatException Fail(string path, string problem, Exception? inner = null) =>
        new(path, $"{problem} (expected a safetensors file)", inner);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
