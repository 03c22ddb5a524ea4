using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace GanKit.Imaging;

/// <summary>
/// The PNG container's chunks (PNG specification, 3rd edition, section 5): enough to take apart the PNGs
/// SkiaSharp encodes and to write the animation chunks no library writes (see <see cref="Animation"/>).
/// </summary>
internal static class PngChunks
{
    /// <summary>One chunk: its four-letter type and its data (length and CRC are implied).</summary>
    public readonly record struct Chunk(string Type, ReadOnlyMemory<byte> Data);

    /// <summary>The eight bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes one chunk: big-endian length, type, data, and the CRC-32 of type and data.</summary>
    public static void Write(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, checked((uint)data.Length));
        if (type.Length != 4 || Encoding.ASCII.GetBytes(type, header[4..]) != 4)
        {
            throw new ArgumentException($"A chunk type is four ASCII letters, got '{type}'.", nameof(type));
        }
        var crc = new Crc32();
        crc.Append(header[4..]);
        crc.Append(data);
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, crc.GetCurrentHashAsUInt32());
        output.Write(header);
        output.Write(data);
        output.Write(trailer);
    }

    /// <summary>The chunks of a PNG file, checking the signature, lengths and CRCs.</summary>
    public static List<Chunk> Read(byte[] png, string source)
    {
        if (!png.AsSpan().StartsWith(Signature))
        {
            throw new InvalidDataException($"'{source}' does not start with the PNG signature.");
        }
        var chunks = new List<Chunk>();
        var position = Signature.Length;
        while (position < png.Length)
        {
            if (png.Length - position < 12)
            {
                throw new InvalidDataException($"'{source}' ends inside a chunk header at byte {position}.");
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position));
            if (length > (uint)(png.Length - position - 12))
            {
                throw new InvalidDataException($"'{source}' has a chunk of {length} bytes at byte {position} that runs past the end of the file.");
            }
            var typeAndData = png.AsSpan(position + 4, 4 + (int)length);
            var stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + (int)length));
            var type = Encoding.ASCII.GetString(typeAndData[..4]);
            if (Crc32.HashToUInt32(typeAndData) != stored)
            {
                throw new InvalidDataException($"'{source}' has a bad CRC in its {type} chunk at byte {position}.");
            }
            chunks.Add(new Chunk(type, png.AsMemory(position + 8, (int)length)));
            position += 12 + (int)length;
            if (type == "IEND")
            {
                break;
            }
        }
        return chunks;
    }
}
