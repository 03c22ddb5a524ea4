using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GanKit.Imaging;

/// <summary>
/// Reads non-interlaced PNG files: greyscale (1-16 bit), truecolour (8/16), palette (1-8), grey+alpha and
/// RGBA (8/16). Every chunk's CRC is checked and zlib verifies its own Adler-32, so a damaged file fails
/// loudly. Sixteen-bit samples keep their high byte.
/// </summary>
public static class PngDecoder
{
    /// <summary>Reads and decodes the PNG file at <paramref name="path"/>.</summary>
    public static PngPixels DecodeFile(string path) => Decode(File.ReadAllBytes(path), path);

    /// <summary>Decodes PNG bytes.</summary>
    /// <param name="png">The whole file.</param>
    /// <param name="source">Named in error messages (a file name, for instance).</param>
    /// <exception cref="InvalidDataException">The bytes are not a well-formed PNG.</exception>
    /// <exception cref="NotSupportedException">A valid PNG variant this decoder does not read (interlaced).</exception>
    public static PngPixels Decode(ReadOnlySpan<byte> png, string source = "PNG data")
    {
        if (png.Length < 8 || !png[..8].SequenceEqual(PngChunks.Signature))
        {
            throw new InvalidDataException($"{source}: not a PNG file (bad signature).");
        }

        Header? header = null;
        byte[]? palette = null;
        byte[]? paletteAlpha = null;
        using var idat = new MemoryStream();
        var position = 8;
        var sawEnd = false;
        while (!sawEnd)
        {
            if (position + 12 > png.Length)
            {
                throw new InvalidDataException($"{source}: truncated PNG (no IEND chunk).");
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(png[position..]);
            if (length > int.MaxValue || position + 12 + (long)length > png.Length)
            {
                throw new InvalidDataException($"{source}: truncated PNG chunk at byte {position}.");
            }
            var typeAndData = png.Slice(position + 4, 4 + (int)length);
            var type = Encoding.ASCII.GetString(typeAndData[..4]);
            var data = typeAndData[4..];
            var storedCrc = BinaryPrimitives.ReadUInt32BigEndian(png[(position + 8 + (int)length)..]);
            if (Crc32.Compute(typeAndData) != storedCrc)
            {
                throw new InvalidDataException($"{source}: CRC mismatch in {type} chunk at byte {position}; the file is damaged.");
            }
            position += 12 + (int)length;

            switch (type)
            {
                case "IHDR":
                    header = ReadHeader(data, source);
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "tRNS":
                    paletteAlpha = data.ToArray();
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    sawEnd = true;
                    break;
                default:
                    // Bit 5 of the first letter clear means critical: we must not silently skip it.
                    if ((typeAndData[0] & 0x20) == 0)
                    {
                        throw new NotSupportedException($"{source}: unknown critical PNG chunk {type}.");
                    }
                    break;
            }
        }

        if (header is not { } h)
        {
            throw new InvalidDataException($"{source}: PNG has no IHDR chunk.");
        }
        if (h.ColorType == 3 && palette is null)
        {
            throw new InvalidDataException($"{source}: palette PNG without a PLTE chunk.");
        }
        var raw = Inflate(idat, h, source);
        Unfilter(raw, h, source);
        return Expand(raw, h, palette, h.ColorType == 3 ? paletteAlpha : null);
    }

    private readonly record struct Header(int Width, int Height, int BitDepth, int ColorType)
    {
        public int SamplesPerPixel => ColorType switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, _ => 4 };
        public int BitsPerPixel => SamplesPerPixel * BitDepth;
        public int RowBytes => (int)(((long)Width * BitsPerPixel + 7) / 8);
        public int FilterBpp => Math.Max(1, BitsPerPixel / 8);
    }

    private static Header ReadHeader(ReadOnlySpan<byte> data, string source)
    {
        if (data.Length != 13)
        {
            throw new InvalidDataException($"{source}: IHDR chunk has {data.Length} bytes, expected 13.");
        }
        var width = BinaryPrimitives.ReadInt32BigEndian(data);
        var height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
        int bitDepth = data[8], colorType = data[9];
        if (width < 1 || height < 1)
        {
            throw new InvalidDataException($"{source}: invalid PNG size {width}x{height}.");
        }
        var valid = colorType switch
        {
            0 => bitDepth is 1 or 2 or 4 or 8 or 16,
            3 => bitDepth is 1 or 2 or 4 or 8,
            2 or 4 or 6 => bitDepth is 8 or 16,
            _ => false,
        };
        if (!valid)
        {
            throw new InvalidDataException($"{source}: invalid PNG colour type {colorType} with bit depth {bitDepth}.");
        }
        if (data[10] != 0 || data[11] != 0)
        {
            throw new NotSupportedException($"{source}: unknown PNG compression or filter method.");
        }
        if (data[12] != 0)
        {
            throw new NotSupportedException($"{source}: interlaced (Adam7) PNG is not supported; save it again without interlacing.");
        }
        return new Header(width, height, bitDepth, colorType);
    }

    private static byte[] Inflate(MemoryStream idat, Header h, string source)
    {
        var expected = (long)h.Height * (h.RowBytes + 1);
        if (expected > int.MaxValue)
        {
            throw new NotSupportedException($"{source}: image of {h.Width}x{h.Height} is too large.");
        }
        var raw = new byte[expected];
        idat.Position = 0;
        try
        {
            using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
            zlib.ReadExactly(raw);
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"{source}: PNG image data is shorter than {h.Width}x{h.Height} needs.");
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source}: PNG image data is corrupt ({e.Message}).", e);
        }
        return raw;
    }

    private static void Unfilter(byte[] raw, Header h, string source)
    {
        int stride = h.RowBytes, bpp = h.FilterBpp;
        for (var y = 0; y < h.Height; y++)
        {
            var start = y * (stride + 1);
            var type = raw[start];
            var row = raw.AsSpan(start + 1, stride);
            var above = y == 0 ? Span<byte>.Empty : raw.AsSpan(start - stride, stride);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= bpp ? row[i - bpp] : 0;
                int up = y > 0 ? above[i] : 0;
                int upLeft = y > 0 && i >= bpp ? above[i - bpp] : 0;
                row[i] += type switch
                {
                    0 => 0,
                    1 => (byte)left,
                    2 => (byte)up,
                    3 => (byte)((left + up) >> 1),
                    4 => (byte)PngEncoder.Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"{source}: invalid PNG filter type {type} on row {y}."),
                };
            }
        }
    }

    private static PngPixels Expand(byte[] raw, Header h, byte[]? palette, byte[]? paletteAlpha)
    {
        var hasAlpha = h.ColorType is 4 or 6 || paletteAlpha is not null;
        var channels = hasAlpha ? 4 : 3;
        var output = new byte[h.Width * h.Height * channels];
        int stride = h.RowBytes, samples = h.SamplesPerPixel;
        var sampleBytes = h.BitDepth == 16 ? 2 : 1;
        for (var y = 0; y < h.Height; y++)
        {
            var row = raw.AsSpan(y * (stride + 1) + 1, stride);
            for (var x = 0; x < h.Width; x++)
            {
                var o = (y * h.Width + x) * channels;
                if (h.BitDepth < 8)
                {
                    var value = SubByteSample(row, x, h.BitDepth);
                    if (h.ColorType == 3)
                    {
                        WritePaletteEntry(output, o, value, palette!, paletteAlpha);
                    }
                    else
                    {
                        var grey = (byte)(value * 255 / ((1 << h.BitDepth) - 1));
                        output[o] = output[o + 1] = output[o + 2] = grey;
                    }
                    continue;
                }
                // 8 or 16 bits: read each sample's most significant byte.
                var p = x * samples * sampleBytes;
                switch (h.ColorType)
                {
                    case 0:
                        output[o] = output[o + 1] = output[o + 2] = row[p];
                        break;
                    case 2:
                        output[o] = row[p];
                        output[o + 1] = row[p + sampleBytes];
                        output[o + 2] = row[p + 2 * sampleBytes];
                        break;
                    case 3:
                        WritePaletteEntry(output, o, row[p], palette!, paletteAlpha);
                        break;
                    case 4:
                        output[o] = output[o + 1] = output[o + 2] = row[p];
                        output[o + 3] = row[p + sampleBytes];
                        break;
                    default:
                        output[o] = row[p];
                        output[o + 1] = row[p + sampleBytes];
                        output[o + 2] = row[p + 2 * sampleBytes];
                        output[o + 3] = row[p + 3 * sampleBytes];
                        break;
                }
            }
        }
        return new PngPixels(h.Width, h.Height, channels, output);
    }

    private static int SubByteSample(ReadOnlySpan<byte> row, int x, int bitDepth)
    {
        var bit = x * bitDepth;
        var shift = 8 - bitDepth - (bit & 7);
        return (row[bit >> 3] >> shift) & ((1 << bitDepth) - 1);
    }

    private static void WritePaletteEntry(byte[] output, int o, int index, byte[] palette, byte[]? alpha)
    {
        if (index * 3 + 2 < palette.Length)
        {
            output[o] = palette[index * 3];
            output[o + 1] = palette[index * 3 + 1];
            output[o + 2] = palette[index * 3 + 2];
        }
        if (alpha is not null)
        {
            output[o + 3] = index < alpha.Length ? alpha[index] : (byte)255;
        }
    }
}
