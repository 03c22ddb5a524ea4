using System.Buffers.Binary;
using GanKit.Imaging;

namespace GanKit.Tests.Visuals;

public class PngCodecTests
{
    private static byte[] RandomPixels(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Smooth gradients plus noise: every filter type wins somewhere.</summary>
    private static byte[] MixedPixels(int width, int height, int channels)
    {
        var random = new Random(7);
        var bytes = new byte[width * height * channels];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    bytes[(y * width + x) * channels + c] = (byte)(y < height / 2 ? x * 7 + y * 3 + c * 50 : random.Next(256));
                }
            }
        }
        return bytes;
    }

    [Theory]
    [InlineData(1, 1, 3)]
    [InlineData(7, 3, 3)]
    [InlineData(64, 48, 3)]
    [InlineData(5, 9, 4)]
    [InlineData(33, 17, 4)]
    public void Encoded_png_decodes_to_the_same_pixels(int width, int height, int channels)
    {
        var pixels = MixedPixels(width, height, channels);
        var png = PngEncoder.Encode(width, height, pixels, channels);
        var decoded = PngDecoder.Decode(png);
        Assert.Equal((width, height, channels), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(pixels, decoded.Data);
    }

    [Fact]
    public void Encoded_png_is_valid_by_an_independent_reading()
    {
        const int width = 40, height = 30;
        var pixels = MixedPixels(width, height, 3);
        var chunks = IndependentPng.ReadChunks(PngEncoder.Encode(width, height, pixels));

        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        Assert.All(chunks, c => Assert.Equal(c.ComputedCrc, c.StoredCrc));
        var ihdr = chunks[0].Data;
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(ihdr));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, ihdr[8..]);

        var scanlines = IndependentPng.InflateZlib(chunks[1].Data);
        Assert.Equal(height * (width * 3 + 1), scanlines.Length);
        var filterTypes = Enumerable.Range(0, height).Select(y => scanlines[y * (width * 3 + 1)]).ToList();
        Assert.All(filterTypes, f => Assert.InRange(f, (byte)0, (byte)4));
        Assert.True(filterTypes.Distinct().Count() > 1, "the per-row heuristic should pick different filters for smooth and noisy rows");
    }

    [Fact]
    public void Known_crc_values_match()
    {
        // The IEND chunk's CRC is fixed by the specification: AE 42 60 82.
        Assert.Equal(0xAE426082u, IndependentPng.BitwiseCrc("IEND"u8));
        Assert.Equal(0xCBF43926u, IndependentPng.BitwiseCrc("123456789"u8)); // the standard CRC-32 check value
        var png = new RgbImage(2, 2, new byte[12]).ToPng();
        Assert.Equal(new byte[] { 0xAE, 0x42, 0x60, 0x82 }, png[^4..]);
    }

    [Fact]
    public void Damaged_file_is_rejected_with_its_name()
    {
        var png = PngEncoder.Encode(8, 8, RandomPixels(192, 1));
        png[40] ^= 0xFF; // inside IDAT
        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.Decode(png, "faces/00042.png"));
        Assert.Contains("faces/00042.png", error.Message);
        Assert.Contains("CRC", error.Message);
        Assert.Throws<InvalidDataException>(() => PngDecoder.Decode("not a png"u8, "x.png"));
    }

    [Fact]
    public void Interlaced_file_is_refused_with_its_name()
    {
        var png = IndependentPng.Build(1, 1, 8, 2, [0, 1, 2, 3], interlace: 1);
        var error = Assert.Throws<NotSupportedException>(() => PngDecoder.Decode(png, "scan.png"));
        Assert.Contains("scan.png", error.Message);
        Assert.Contains("interlaced", error.Message);
    }

    [Fact]
    public void Reads_palette_grey_and_sixteen_bit_variants()
    {
        // 4-bit palette, 3x2, with transparency for index 1.
        var palette = new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255 };
        var paletted = IndependentPng.Build(3, 2, 4, 3, [0, 0x01, 0x20, 1, 0x21, 0x00], palette, transparency: [255, 128]);
        var p = PngDecoder.Decode(paletted);
        Assert.Equal(4, p.Channels);
        Assert.Equal(new byte[] { 255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 255 }, p.Data[..12]);
        // Second row uses the Sub filter on whole bytes: 0x21, 0x00 + 0x21 -> indices 2, 1, 2.
        Assert.Equal(new byte[] { 0, 0, 255, 255, 0, 255, 0, 128, 0, 0, 255, 255 }, p.Data[12..]);

        // 1-bit grey: 1 0 1 1 0 0 0 1 -> white/black.
        var grey1 = PngDecoder.Decode(IndependentPng.Build(8, 1, 1, 0, [0, 0b1011_0001]));
        Assert.Equal(new byte[] { 255, 0, 255, 255, 0, 0, 0, 255 }, Enumerable.Range(0, 8).Select(i => grey1.Data[i * 3]).ToArray());

        // 16-bit RGB keeps the high bytes; Up filter on the second row.
        var rgb16 = PngDecoder.Decode(IndependentPng.Build(1, 2, 16, 2, [0, 0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 2, 1, 0, 1, 0, 1, 0]));
        Assert.Equal(new byte[] { 0x12, 0x56, 0x9A, 0x13, 0x57, 0x9B }, rgb16.Data);

        // 8-bit grey + alpha.
        var greyAlpha = PngDecoder.Decode(IndependentPng.Build(1, 1, 8, 4, [0, 200, 50]));
        Assert.Equal(new byte[] { 200, 200, 200, 50 }, greyAlpha.Data);
        Assert.Equal((byte)200, greyAlpha.ToRgbImage().GetPixel(0, 0).G);
    }

    [Fact]
    public void Rgb_image_saves_atomically_and_loads_back()
    {
        var folder = Directory.CreateTempSubdirectory("gankit-png-");
        try
        {
            var image = new RgbImage(5, 4, RandomPixels(60, 3));
            var path = Path.Combine(folder.FullName, "sub", "image.png");
            image.Save(path);
            image.Save(path); // overwriting works
            Assert.Equal(image.Pixels.ToArray(), RgbImage.Load(path).Pixels.ToArray());
            Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temporary files left
            Assert.Throws<ArgumentException>(() => image.Save(Path.Combine(folder.FullName, "image.jpg")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Rgb_image_validates_and_copies()
    {
        var bytes = new byte[12];
        var image = new RgbImage(2, 2, bytes);
        bytes[0] = 99;
        Assert.Equal((byte)0, image.GetPixel(0, 0).R);
        Assert.Throws<ArgumentException>(() => new RgbImage(2, 2, new byte[11]));
        Assert.Equal((10, 20, 30), RgbImage.Solid(3, 3, 10, 20, 30).GetPixel(2, 2));
        var crop = RgbImage.FromGray(4, 4, Enumerable.Range(0, 16).Select(i => (byte)i).ToArray()).Crop(1, 2, 2, 2);
        Assert.Equal((byte)9, crop.GetPixel(0, 0).R);
        Assert.Equal((8, 8), (crop.Upscale(4).Width, crop.Upscale(4).Height));
    }
}
