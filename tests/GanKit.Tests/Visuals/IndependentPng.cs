using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GanKit.Tests.Visuals;

/// <summary>
/// A second, deliberately naive reading of PNG files for tests, sharing no code with SkiaSharp or GanKit:
/// chunk walking, a bit-by-bit CRC-32, raw inflate with a separately computed Adler-32, scanline unfiltering
/// for 8-bit RGB, and builders for PNG variants GanKit does not write (palette, grey, 16-bit, alpha,
/// interlaced) to feed the decoder.
/// </summary>
internal static class IndependentPng
{
    public sealed record Chunk(string Type, byte[] Data, uint StoredCrc, uint ComputedCrc);

    public static List<Chunk> ReadChunks(byte[] png)
    {
        Assert.Equal(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }, png[..8]);
        var chunks = new List<Chunk>();
        var position = 8;
        while (position < png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position));
            var type = Encoding.ASCII.GetString(png, position + 4, 4);
            var data = png.AsSpan(position + 8, length).ToArray();
            var stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            chunks.Add(new Chunk(type, data, stored, BitwiseCrc(png.AsSpan(position + 4, length + 4))));
            position += 12 + length;
        }
        return chunks;
    }

    /// <summary>CRC-32 one bit at a time (no table), as in the PNG specification's annex.</summary>
    public static uint BitwiseCrc(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }
        return ~crc;
    }

    public static uint Adler32(ReadOnlySpan<byte> bytes)
    {
        uint a = 1, b = 0;
        foreach (var x in bytes)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }
        return (b << 16) | a;
    }

    /// <summary>Inflates a zlib stream by hand: checks the header, raw-deflates the body, checks the Adler-32 trailer.</summary>
    public static byte[] InflateZlib(byte[] zlib)
    {
        Assert.Equal(8, zlib[0] & 0x0F); // deflate
        Assert.Equal(0, ((zlib[0] << 8) | zlib[1]) % 31); // header check bits
        using var input = new MemoryStream(zlib, 2, zlib.Length - 6);
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        deflate.CopyTo(output);
        var bytes = output.ToArray();
        Assert.Equal(BinaryPrimitives.ReadUInt32BigEndian(zlib.AsSpan(zlib.Length - 4)), Adler32(bytes));
        return bytes;
    }

    /// <summary>
    /// The pixels of an 8-bit, non-interlaced RGB PNG: the IDAT chunks joined, inflated, and each scanline
    /// unfiltered by the five filters of the PNG specification (section 9).
    /// </summary>
    public static (int Width, int Height, byte[] Rgb) DecodeRgb8(byte[] png)
    {
        var chunks = ReadChunks(png);
        Assert.All(chunks, c => Assert.Equal(c.ComputedCrc, c.StoredCrc));
        var ihdr = chunks.Single(c => c.Type == "IHDR").Data;
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, ihdr[8..]);
        int width = BinaryPrimitives.ReadInt32BigEndian(ihdr), height = BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4));
        var scanlines = InflateZlib(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        var stride = width * 3;
        Assert.Equal(height * (stride + 1), scanlines.Length);
        var rgb = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = scanlines[y * (stride + 1)];
            for (var i = 0; i < stride; i++)
            {
                int raw = scanlines[y * (stride + 1) + 1 + i];
                int left = i >= 3 ? rgb[y * stride + i - 3] : 0;
                int up = y > 0 ? rgb[(y - 1) * stride + i] : 0;
                int upLeft = i >= 3 && y > 0 ? rgb[(y - 1) * stride + i - 3] : 0;
                var predictor = filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"filter type {filter} on row {y}"),
                };
                rgb[y * stride + i] = (byte)(raw + predictor);
            }
        }
        return (width, height, rgb);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    /// <summary>A PNG from raw (already filtered) scanlines, built without GanKit.</summary>
    public static byte[] Build(int width, int height, int bitDepth, int colorType, byte[] filteredScanlines,
        byte[]? palette = null, byte[]? transparency = null, int interlace = 0)
    {
        using var output = new MemoryStream();
        output.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = (byte)colorType;
        ihdr[12] = (byte)interlace;
        WriteChunk(output, "IHDR", ihdr);
        if (palette is not null)
        {
            WriteChunk(output, "PLTE", palette);
        }
        if (transparency is not null)
        {
            WriteChunk(output, "tRNS", transparency);
        }
        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                zlib.Write(filteredScanlines);
            }
            WriteChunk(output, "IDAT", compressed.ToArray());
        }
        WriteChunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void WriteChunk(Stream output, string type, byte[] data)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(header, data.Length);
        Encoding.ASCII.GetBytes(type).CopyTo(header, 4);
        output.Write(header);
        output.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, BitwiseCrc([.. header[4..], .. data]));
        output.Write(crc);
    }
}
