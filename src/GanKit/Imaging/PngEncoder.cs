using System.IO.Compression;

namespace GanKit.Imaging;

/// <summary>
/// Writes 8-bit RGB or RGBA PNG files (PNG specification, 2nd edition / ISO 15948), with no dependency
/// beyond the base library: scanlines are filtered row by row and compressed with zlib.
/// </summary>
public static class PngEncoder
{
    /// <summary>Encodes interleaved 8-bit pixels as a PNG file.</summary>
    /// <param name="width">Width in pixels (at least 1).</param>
    /// <param name="height">Height in pixels (at least 1).</param>
    /// <param name="pixels">Row-major interleaved samples, <c>width * height * channels</c> bytes.</param>
    /// <param name="channels">3 for RGB, 4 for RGBA.</param>
    /// <returns>The bytes of a complete PNG file.</returns>
    public static byte[] Encode(int width, int height, ReadOnlySpan<byte> pixels, int channels = 3)
    {
        Validate(width, height, pixels.Length, channels);
        using var output = new MemoryStream();
        output.Write(PngChunks.Signature);
        PngChunks.Write(output, "IHDR", PngChunks.Header(width, height, channels));
        PngChunks.Write(output, "IDAT", CompressImageData(width, height, pixels, channels));
        PngChunks.Write(output, "IEND", ReadOnlySpan<byte>.Empty);
        return output.ToArray();
    }

    /// <summary>Filters every scanline and zlib-compresses the result: the payload of IDAT (and APNG fdAT).</summary>
    internal static byte[] CompressImageData(int width, int height, ReadOnlySpan<byte> pixels, int channels)
    {
        var stride = width * channels;
        var filtered = new byte[height * (stride + 1)];
        var candidate = new byte[stride];
        var best = new byte[stride];
        var previous = new byte[stride]; // the row above the first one counts as zeros
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * stride, stride);
            var above = y == 0 ? previous : pixels.Slice((y - 1) * stride, stride);
            // The usual heuristic (libpng's): try each filter, keep the one whose output has the smallest
            // sum of absolute values when read as signed bytes; it tends to compress best.
            long bestScore = long.MaxValue;
            byte bestType = 0;
            for (byte type = 0; type <= 4; type++)
            {
                var score = ApplyFilter(type, row, above, channels, candidate);
                if (score < bestScore)
                {
                    bestScore = score;
                    bestType = type;
                    candidate.CopyTo(best, 0);
                }
            }
            var offset = y * (stride + 1);
            filtered[offset] = bestType;
            best.CopyTo(filtered, offset + 1);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(filtered);
        }
        return compressed.ToArray();
    }

    private static long ApplyFilter(byte type, ReadOnlySpan<byte> row, ReadOnlySpan<byte> above, int bpp, Span<byte> output)
    {
        long score = 0;
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0;
            int up = above[i];
            int upLeft = i >= bpp ? above[i - bpp] : 0;
            var predictor = type switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) >> 1,
                _ => Paeth(left, up, upLeft),
            };
            var value = (byte)(row[i] - predictor);
            output[i] = value;
            score += value < 128 ? value : 256 - value;
        }
        return score;
    }

    /// <summary>The Paeth predictor: whichever neighbour is closest to left + up - upLeft.</summary>
    internal static int Paeth(int left, int up, int upLeft)
    {
        var p = left + up - upLeft;
        var pa = Math.Abs(p - left);
        var pb = Math.Abs(p - up);
        var pc = Math.Abs(p - upLeft);
        if (pa <= pb && pa <= pc)
        {
            return left;
        }
        return pb <= pc ? up : upLeft;
    }

    private static void Validate(int width, int height, int length, int channels)
    {
        if (channels is not (3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "PNG encoding supports 3 (RGB) or 4 (RGBA) channels.");
        }
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"An image needs at least 1x1 pixels, got {width}x{height}.");
        }
        if ((long)width * height * channels != length)
        {
            throw new ArgumentException($"Expected {(long)width * height * channels} bytes for {width}x{height}x{channels}, got {length}.");
        }
    }
}
