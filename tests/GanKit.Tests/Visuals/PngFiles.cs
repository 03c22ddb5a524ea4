using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using SkiaSharp;

namespace GanKit.Tests.Visuals;

/// <summary>
/// PNG files for tests without GanKit's own code: the container taken apart and put together here (chunks
/// of big-endian length, type, data and CRC-32, the CRC from System.IO.Hashing), zlib streams through
/// System.IO.Compression, and pixels decoded and encoded by SkiaSharp directly rather than through
/// GanKit's ImageCodec.
/// </summary>
internal static class PngFiles
{
    public sealed record Chunk(string Type, byte[] Data, uint StoredCrc, uint ComputedCrc);

    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>The chunks in file order, each with the CRC it stores and the one System.IO.Hashing computes.</summary>
    public static List<Chunk> ReadChunks(byte[] png)
    {
        Assert.Equal(Signature, png[..8]);
        var chunks = new List<Chunk>();
        var position = 8;
        while (position < png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position));
            var type = Encoding.ASCII.GetString(png, position + 4, 4);
            var data = png.AsSpan(position + 8, length).ToArray();
            var stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            chunks.Add(new Chunk(type, data, stored, Crc32.HashToUInt32(png.AsSpan(position + 4, length + 4))));
            position += 12 + length;
        }
        return chunks;
    }

    /// <summary>A PNG file from chunks, in the order given, signature first.</summary>
    public static byte[] Assemble(params (string Type, byte[] Data)[] chunks)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        foreach (var (type, data) in chunks)
        {
            var typeAndData = new byte[4 + data.Length];
            Encoding.ASCII.GetBytes(type).CopyTo(typeAndData, 0);
            data.CopyTo(typeAndData, 4);
            var field = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(field, data.Length);
            output.Write(field);
            output.Write(typeAndData);
            BinaryPrimitives.WriteUInt32BigEndian(field, Crc32.HashToUInt32(typeAndData));
            output.Write(field);
        }
        return output.ToArray();
    }

    /// <summary>Inflates a zlib stream (ZLibStream checks the Adler-32 trailer), after checking its header bytes.</summary>
    public static byte[] InflateZlib(byte[] zlib)
    {
        Assert.Equal(8, zlib[0] & 0x0F); // deflate
        Assert.Equal(0, ((zlib[0] << 8) | zlib[1]) % 31); // header check bits
        using var input = new MemoryStream(zlib);
        using var inflate = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        inflate.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>A PNG from raw (already filtered) scanlines, for the variants SkiaSharp does not write.</summary>
    public static byte[] Build(int width, int height, int bitDepth, int colorType, byte[] filteredScanlines,
        byte[]? palette = null, byte[]? transparency = null, int interlace = 0)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        ihdr[12] = (byte)interlace;
        var chunks = new List<(string, byte[])> { ("IHDR", ihdr) };
        if (palette is not null)
        {
            chunks.Add(("PLTE", palette));
        }
        if (transparency is not null)
        {
            chunks.Add(("tRNS", transparency));
        }
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(filteredScanlines);
            }
            chunks.Add(("IDAT", compressed.ToArray()));
        }
        chunks.Add(("IEND", []));
        return Assemble([.. chunks]);
    }

    /// <summary>
    /// The pixels of an opaque PNG as SkiaSharp itself decodes them (<see cref="SKBitmap.Decode(byte[])"/>,
    /// not GanKit's ImageCodec), R G B per pixel.
    /// </summary>
    public static (int Width, int Height, byte[] Rgb) DecodeWithSkia(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png) ?? throw new InvalidDataException("SkiaSharp could not decode the PNG");
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (var y = 0; y < bitmap.Height; y++)
        {
            for (var x = 0; x < bitmap.Width; x++)
            {
                var colour = bitmap.GetPixel(x, y);
                Assert.Equal(255, colour.Alpha);
                var o = (y * bitmap.Width + x) * 3;
                (rgb[o], rgb[o + 1], rgb[o + 2]) = (colour.Red, colour.Green, colour.Blue);
            }
        }
        return (bitmap.Width, bitmap.Height, rgb);
    }

    /// <summary>Pixels in any SkiaSharp layout (tightly packed, native byte order) encoded as PNG by SkiaSharp.</summary>
    public static byte[] EncodeWithSkia<T>(SKImageInfo info, T[] pixels, SKPngEncoderFilterFlags filters) where T : unmanaged
    {
        Assert.Equal(info.BytesSize, pixels.Length * Marshal.SizeOf<T>());
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject(), info.RowBytes);
            using var data = pixmap.Encode(new SKPngEncoderOptions(filters, 6))
                ?? throw new InvalidOperationException($"SkiaSharp did not encode {info.ColorType} as PNG");
            return data.ToArray();
        }
        finally
        {
            handle.Free();
        }
    }
}
