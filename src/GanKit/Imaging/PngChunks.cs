using System.Buffers.Binary;
using System.Text;

namespace GanKit.Imaging;

/// <summary>Low-level pieces of the PNG container shared by the still and animated writers.</summary>
internal static class PngChunks
{
    /// <summary>The eight bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Writes one chunk: big-endian length, four-letter type, data, CRC-32 of type and data.</summary>
    public static void Write(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, checked((uint)data.Length));
        Encoding.ASCII.GetBytes(type, header[4..]);
        output.Write(header);
        output.Write(data);
        var crc = Crc32.Update(0xFFFFFFFFu, header[4..]);
        crc = Crc32.Update(crc, data) ^ 0xFFFFFFFFu;
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(trailer, crc);
        output.Write(trailer);
    }

    /// <summary>The 13-byte IHDR body for 8-bit, non-interlaced RGB (3 channels) or RGBA (4 channels).</summary>
    public static byte[] Header(int width, int height, int channels)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;                            // bit depth
        ihdr[9] = (byte)(channels == 4 ? 6 : 2); // colour type: truecolour (+ alpha)
        ihdr[10] = 0;                           // compression: deflate
        ihdr[11] = 0;                           // filter method: adaptive
        ihdr[12] = 0;                           // no interlace
        return ihdr;
    }
}
