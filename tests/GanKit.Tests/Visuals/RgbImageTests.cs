using System.Buffers.Binary;
using GanKit.Imaging;
using SkiaSharp;

namespace GanKit.Tests.Visuals;

/// <summary>
/// RgbImage's files through SkiaSharp (PNG, JPEG, WebP), resizing and cropping, checked against the PNG
/// container taken apart in the test (<see cref="PngFiles"/>) and against SkiaSharp's own decoding.
/// </summary>
public class RgbImageTests
{
    private static byte[] RandomPixels(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Smooth gradients plus noise: every filter type wins somewhere.</summary>
    private static byte[] MixedPixels(int width, int height)
    {
        var random = new Random(7);
        var bytes = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    bytes[(y * width + x) * 3 + c] = (byte)(y < height / 2 ? x * 7 + y * 3 + c * 50 : random.Next(256));
                }
            }
        }
        return bytes;
    }

    /// <summary>A smooth photo-like picture: gradients and a soft disc, the kind JPEG and lossy WebP keep well.</summary>
    private static RgbImage SmoothPicture(int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var d = Math.Sqrt(Math.Pow(x - width / 2.0, 2) + Math.Pow(y - height / 2.0, 2)) / width;
                var o = (y * width + x) * 3;
                rgb[o] = (byte)(40 + 180.0 * x / width);
                rgb[o + 1] = (byte)(40 + 180.0 * y / height);
                rgb[o + 2] = (byte)Math.Clamp(220 - 400 * d, 30, 220);
            }
        }
        return new RgbImage(width, height, rgb);
    }

    /// <summary>Encodes with SkiaSharp directly (GanKit writes only PNG).</summary>
    private static byte[] EncodeWithSkia(RgbImage image, Func<SKPixmap, SKData?> encode)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image.GetPixel(x, y);
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        }
        using var pixmap = bitmap.PeekPixels();
        using var data = encode(pixmap) ?? throw new InvalidOperationException("SkiaSharp did not encode the test picture");
        return data.ToArray();
    }

    private static (double Mean, int Max) Difference(RgbImage a, RgbImage b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        ReadOnlySpan<byte> pa = a.Pixels, pb = b.Pixels;
        long sum = 0;
        var max = 0;
        for (var i = 0; i < pa.Length; i++)
        {
            var d = Math.Abs(pa[i] - pb[i]);
            sum += d;
            max = Math.Max(max, d);
        }
        return ((double)sum / pa.Length, max);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 3)]
    [InlineData(64, 48)]
    [InlineData(33, 17)]
    public void Encoded_png_decodes_to_the_same_pixels(int width, int height)
    {
        var image = new RgbImage(width, height, MixedPixels(width, height));
        var decoded = RgbImage.FromBytes(image.ToPng());
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.Equal(image.Pixels.ToArray(), decoded.Pixels.ToArray());
    }

    [Fact]
    public void Encoded_png_is_valid_by_a_separate_reading()
    {
        const int width = 40, height = 30;
        var pixels = MixedPixels(width, height);
        var png = new RgbImage(width, height, pixels).ToPng();
        var chunks = PngFiles.ReadChunks(png);

        Assert.Equal("IHDR", chunks[0].Type);
        Assert.Equal("IEND", chunks[^1].Type);
        Assert.Contains(chunks, c => c.Type == "IDAT");
        Assert.All(chunks, c => Assert.Equal(c.ComputedCrc, c.StoredCrc));
        var ihdr = chunks[0].Data;
        Assert.Equal(width, BinaryPrimitives.ReadInt32BigEndian(ihdr));
        Assert.Equal(height, BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)));
        Assert.Equal(new byte[] { 8, 2, 0, 0, 0 }, ihdr[8..]); // 8-bit RGB, deflate, adaptive filters, not interlaced

        var filterTypes = ScanlineFilters(png, width * 3, height);
        Assert.All(filterTypes, f => Assert.InRange(f, (byte)0, (byte)4));
        Assert.True(filterTypes.Distinct().Count() > 1, "the per-row heuristic should pick different filters for smooth and noisy rows");

        // SkiaSharp's own decoding (not GanKit's) gives back the very pixels.
        var (w, h, rgb) = PngFiles.DecodeWithSkia(png);
        Assert.Equal((width, height), (w, h));
        Assert.Equal(pixels, rgb);
    }

    [Fact]
    public void Known_crc_values_match()
    {
        // The IEND chunk's CRC is fixed by the specification: AE 42 60 82.
        Assert.Equal(0xAE426082u, System.IO.Hashing.Crc32.HashToUInt32("IEND"u8));
        Assert.Equal(0xCBF43926u, System.IO.Hashing.Crc32.HashToUInt32("123456789"u8)); // the standard CRC-32 check value
        var image = new RgbImage(16, 16, RandomPixels(768, 5));
        var png = image.ToPng();
        Assert.Equal(new byte[] { 0xAE, 0x42, 0x60, 0x82 }, png[^4..]);
        // The APNG writer's CRCs (System.IO.Hashing) equal the ones SkiaSharp's encoder wrote for the same
        // IHDR and image data.
        var still = PngFiles.ReadChunks(png);
        var animated = PngFiles.ReadChunks(new Animation([image]).ToApng());
        Assert.Single(still, c => c.Type == "IDAT");
        foreach (var type in new[] { "IHDR", "IDAT", "IEND" })
        {
            var (written, rewritten) = (still.Single(c => c.Type == type), animated.Single(c => c.Type == type));
            Assert.Equal(written.Data, rewritten.Data);
            Assert.Equal(written.StoredCrc, rewritten.StoredCrc);
            Assert.Equal(written.ComputedCrc, written.StoredCrc);
        }
    }

    [Fact]
    public void Damaged_file_is_rejected_with_its_name()
    {
        var png = new RgbImage(8, 8, RandomPixels(192, 1)).ToPng();
        var idat = IndexOf(png, "IDAT"u8);
        png[idat + 8] ^= 0xFF; // inside the compressed data: the CRC no longer matches and the stream is corrupt
        var error = Assert.Throws<InvalidDataException>(() => RgbImage.FromBytes(png, "faces/00042.png"));
        Assert.Contains("faces/00042.png", error.Message);
        Assert.Contains("PNG", error.Message);
    }

    [Fact]
    public void Bad_input_names_the_source_and_what_was_expected()
    {
        var good = new RgbImage(16, 16, RandomPixels(768, 2)).ToPng();
        var cases = new (string Name, byte[] Bytes)[]
        {
            ("empty.png", []),
            ("one-byte.png", [0x89]),
            ("notes.txt", "not an image at all"u8.ToArray()),
            ("cut.png", good[..(good.Length / 2)]),
            ("zero.png", PngFiles.Build(0, 0, 8, 2, [])),
            ("cut.jpg", EncodeWithSkia(SmoothPicture(32, 32), p => p.Encode(new SKJpegEncoderOptions(90)))[..200]),
        };
        foreach (var (name, bytes) in cases)
        {
            var error = Assert.Throws<InvalidDataException>(() => RgbImage.FromBytes(bytes, name));
            Assert.Contains($"'{name}'", error.Message);
            Assert.Contains("PNG, JPEG or WebP", error.Message);
        }

        var folder = Directory.CreateTempSubdirectory("gankit-bad-");
        try
        {
            var empty = Path.Combine(folder.FullName, "empty.jpg");
            File.WriteAllBytes(empty, []);
            var error = Assert.Throws<InvalidDataException>(() => RgbImage.Load(empty));
            Assert.Contains(empty, error.Message);
            Assert.Contains("empty", error.Message);
            Assert.Throws<FileNotFoundException>(() => RgbImage.Load(Path.Combine(folder.FullName, "missing.png")));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Interlaced_file_is_read()
    {
        // 2x2 Adam7: pass 1 holds (0,0), pass 6 holds (1,0), pass 7 holds row 1; passes 2-5 are empty.
        var png = PngFiles.Build(2, 2, 8, 2, [0, 1, 2, 3, 0, 4, 5, 6, 0, 7, 8, 9, 10, 11, 12], interlace: 1);
        var image = RgbImage.FromBytes(png, "scan.png");
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, image.Pixels.ToArray());
    }

    [Fact]
    public void Reads_palette_grey_sixteen_bit_and_alpha_variants()
    {
        // SkiaSharp writes no palettes, no 1-bit grey and no grey with alpha: those files are put together here.
        // 4-bit palette, 3x2, with transparency 128 for index 1 (green): composited on white.
        var palette = new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255 };
        var paletted = RgbImage.FromBytes(PngFiles.Build(3, 2, 4, 3, [0, 0x01, 0x20, 1, 0x21, 0x00], palette, transparency: [255, 128]));
        // (c·a + 255·(255 − a)) / 255 rounded: 0 → 127, 255 → 255.
        Assert.Equal(new byte[] { 255, 0, 0, 127, 255, 127, 0, 0, 255 }, paletted.Pixels[..9].ToArray());
        // Second row uses the Sub filter on whole bytes: 0x21, 0x00 + 0x21 -> indices 2, 1, 2.
        Assert.Equal(new byte[] { 0, 0, 255, 127, 255, 127, 0, 0, 255 }, paletted.Pixels[9..].ToArray());

        // 1-bit grey: 1 0 1 1 0 0 0 1 -> white/black, the same in R, G and B.
        var grey1 = RgbImage.FromBytes(PngFiles.Build(8, 1, 1, 0, [0, 0b1011_0001]));
        Assert.Equal(new byte[] { 255, 0, 255, 255, 0, 0, 0, 255 }, Enumerable.Range(0, 8).Select(i => grey1.GetPixel(i, 0).R).ToArray());
        Assert.All(Enumerable.Range(0, 8), i => Assert.Equal(grey1.GetPixel(i, 0).R, grey1.GetPixel(i, 0).B));

        // 8-bit grey 200 with alpha 50 on white: (200·50 + 255·205) / 255 = 244.7 -> 244 (integer rounding of +127).
        var greyAlpha = RgbImage.FromBytes(PngFiles.Build(1, 1, 8, 4, [0, 200, 50]));
        Assert.Equal((244, 244, 244), greyAlpha.GetPixel(0, 0));

        // 16-bit RGB, written by SkiaSharp with the Up filter only, keeps the high bytes.
        var rgb16Png = PngFiles.EncodeWithSkia(new SKImageInfo(1, 2, SKColorType.Rgba16161616, SKAlphaType.Opaque),
            new ushort[] { 0x1234, 0x5678, 0x9ABC, 0xFFFF, 0x1335, 0x5779, 0x9BBD, 0xFFFF }, SKPngEncoderFilterFlags.Up);
        Assert.Equal((16, 2), BitDepthAndColourType(rgb16Png));
        Assert.Equal(2, ScanlineFilters(rgb16Png, 6, 2)[1]); // the second row is stored as a difference from the first
        Assert.Equal(new byte[] { 0x12, 0x56, 0x9A, 0x13, 0x57, 0x9B }, RgbImage.FromBytes(rgb16Png).Pixels.ToArray());

        // 8-bit grey from SkiaSharp: each value repeated in R, G and B.
        var grey8Png = PngFiles.EncodeWithSkia(new SKImageInfo(3, 1, SKColorType.Gray8, SKAlphaType.Opaque), new byte[] { 0, 77, 255 }, SKPngEncoderFilterFlags.AllFilters);
        Assert.Equal((8, 0), BitDepthAndColourType(grey8Png));
        Assert.Equal(new byte[] { 0, 0, 0, 77, 77, 77, 255, 255, 255 }, RgbImage.FromBytes(grey8Png).Pixels.ToArray());

        // RGBA from SkiaSharp (unpremultiplied): opaque keeps its colour exactly, fully transparent is white whatever colour it stores.
        var rgbaPng = PngFiles.EncodeWithSkia(new SKImageInfo(2, 1, SKColorType.Rgba8888, SKAlphaType.Unpremul),
            new byte[] { 10, 20, 30, 255, 40, 50, 60, 0 }, SKPngEncoderFilterFlags.AllFilters);
        Assert.Equal((8, 6), BitDepthAndColourType(rgbaPng));
        Assert.Equal(new byte[] { 10, 20, 30, 255, 255, 255 }, RgbImage.FromBytes(rgbaPng).Pixels.ToArray());
    }

    private static (int BitDepth, int ColourType) BitDepthAndColourType(byte[] png)
    {
        var ihdr = PngFiles.ReadChunks(png)[0];
        Assert.Equal("IHDR", ihdr.Type);
        return (ihdr.Data[8], ihdr.Data[9]);
    }

    /// <summary>The filter type byte that starts each scanline of a non-interlaced PNG, checking the inflated size.</summary>
    private static byte[] ScanlineFilters(byte[] png, int rowBytes, int rows)
    {
        var scanlines = PngFiles.InflateZlib(PngFiles.ReadChunks(png).Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        Assert.Equal(rows * (rowBytes + 1), scanlines.Length);
        return Enumerable.Range(0, rows).Select(y => scanlines[y * (rowBytes + 1)]).ToArray();
    }

    [Fact]
    public void Jpeg_and_webp_decode_close_to_the_original()
    {
        var picture = SmoothPicture(64, 48);
        var jpeg = EncodeWithSkia(picture, p => p.Encode(new SKJpegEncoderOptions(95)));
        var lossy = EncodeWithSkia(picture, p => p.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, 95)));
        var lossless = EncodeWithSkia(picture, p => p.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossless, 100)));
        Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, jpeg[..3]);
        Assert.Equal("WEBP"u8.ToArray(), lossy[8..12]);

        foreach (var (name, bytes) in new[] { ("picture.jpg", jpeg), ("picture.webp", lossy) })
        {
            var decoded = RgbImage.FromBytes(bytes, name);
            var (mean, max) = Difference(picture, decoded);
            Assert.True(mean < 2.5, $"{name}: mean difference {mean:0.00} levels");
            Assert.True(max < 40, $"{name}: largest difference {max} levels");
        }
        Assert.Equal(picture.Pixels.ToArray(), RgbImage.FromBytes(lossless, "lossless.webp").Pixels.ToArray());
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

            // A JPEG file on disk loads by content, like any photo a user points at.
            var photo = SmoothPicture(40, 30);
            var jpegPath = Path.Combine(folder.FullName, "photo.jpeg");
            File.WriteAllBytes(jpegPath, EncodeWithSkia(photo, p => p.Encode(new SKJpegEncoderOptions(95))));
            Assert.True(Difference(photo, RgbImage.Load(jpegPath)).Mean < 2.5);
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
        Assert.Throws<ArgumentOutOfRangeException>(() => new RgbImage(0, 0, []));
        Assert.Equal((10, 20, 30), RgbImage.Solid(3, 3, 10, 20, 30).GetPixel(2, 2));
        var crop = RgbImage.FromGray(4, 4, Enumerable.Range(0, 16).Select(i => (byte)i).ToArray()).Crop(1, 2, 2, 2);
        Assert.Equal((byte)9, crop.GetPixel(0, 0).R);
        Assert.Equal((8, 8), (crop.Upscale(4).Width, crop.Upscale(4).Height));
    }

    [Fact]
    public void Downsampling_averages_fine_patterns_instead_of_aliasing()
    {
        // A one-pixel black-and-white checkerboard: point sampling would give pure black or white; a good
        // filter gives mid grey everywhere, edges included.
        var checker = RgbImage.FromGray(64, 64, Enumerable.Range(0, 64 * 64).Select(i => (byte)((i % 64 + i / 64) % 2 * 255)).ToArray());
        foreach (var size in new[] { 32, 16, 13, 5 })
        {
            var small = checker.Resize(size, size);
            Assert.Equal((size, size), (small.Width, small.Height));
            Assert.All(small.Pixels.ToArray(), v => Assert.InRange(v, (byte)118, (byte)137));
        }

        // Stripes four pixels wide shrunk 4x: each output pixel is one stripe's value (no bleeding into neighbours beyond rounding).
        var stripes = RgbImage.FromGray(64, 16, Enumerable.Range(0, 64 * 16).Select(i => (byte)(i % 64 / 4 % 2 == 0 ? 40 : 200)).ToArray());
        var quarter = stripes.Resize(16, 4);
        var row = Enumerable.Range(0, 16).Select(x => (int)quarter.GetPixel(x, 2).R).ToArray();
        Assert.All(row.Where((_, x) => x % 2 == 0), v => Assert.InRange(v, 30, 60));
        Assert.All(row.Where((_, x) => x % 2 == 1), v => Assert.InRange(v, 180, 210));

        // A smooth picture keeps its mean and stays close to a box average of itself.
        var picture = SmoothPicture(256, 192);
        var shrunk = picture.Resize(64, 48);
        var box = BoxAverage(picture, 4);
        Assert.True(Difference(box, shrunk).Mean < 1.5, $"mean difference from a 4x4 box average: {Difference(box, shrunk).Mean:0.00}");

        // A solid image stays solid: no dark or transparent fringe at the edges.
        var grey = RgbImage.Solid(37, 23, 90, 120, 150);
        foreach (var (w, h) in new[] { (10, 7), (100, 60), (37, 50) })
        {
            var resized = grey.Resize(w, h);
            Assert.All(Enumerable.Range(0, w * h), i => Assert.Equal((90, 120, 150), ((int, int, int))resized.GetPixel(i % w, i / w)));
        }
    }

    [Fact]
    public void Upsampling_is_smooth_and_keeps_the_samples()
    {
        // A horizontal ramp 0, 32, ..., 224 enlarged 4x: monotonic, no overshoot below 0 or above the ends, close to linear.
        var ramp = RgbImage.FromGray(8, 2, Enumerable.Range(0, 16).Select(i => (byte)(i % 8 * 32)).ToArray());
        var big = ramp.Resize(32, 8);
        var row = Enumerable.Range(0, 32).Select(x => (int)big.GetPixel(x, 4).R).ToArray();
        for (var x = 1; x < row.Length; x++)
        {
            Assert.True(row[x] >= row[x - 1], $"not monotonic at {x}: {string.Join(",", row)}");
        }
        // Output pixel centre (x + 0.5) / 4 − 0.5 in source pixels; in the interior a cubic reproduces a ramp exactly.
        for (var x = 8; x < 24; x++)
        {
            var expected = ((x + 0.5) / 4 - 0.5) * 32;
            Assert.InRange(row[x], expected - 2, expected + 2);
        }
    }

    [Fact]
    public void Crop_helpers_keep_the_centre_and_the_aspect_ratio()
    {
        var image = RgbImage.FromGray(6, 4, Enumerable.Range(0, 24).Select(i => (byte)i).ToArray());
        var centre = image.CenterCrop(2, 2);
        Assert.Equal(new byte[] { 8, 9, 14, 15 }, Enumerable.Range(0, 4).Select(i => centre.GetPixel(i % 2, i / 2).R).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => image.CenterCrop(7, 2));

        // A wide photo filled into a square keeps its middle: the red left and blue right bands are cut away.
        var wide = new RgbCanvasBuilder(300, 100).Band(0, 100, 255, 0, 0).Band(100, 100, 0, 255, 0).Band(200, 100, 0, 0, 255).Image;
        var square = wide.ResizeToFill(50, 50);
        Assert.Equal((50, 50), (square.Width, square.Height));
        Assert.All(Enumerable.Range(0, 50 * 50), i => Assert.Equal((0, 255, 0), ((int, int, int))square.GetPixel(i % 50, i / 50)));
        var tall = wide.ResizeToFill(20, 40); // crops a 50x100 middle strip
        Assert.Equal((20, 40), (tall.Width, tall.Height));
        Assert.Equal((0, 255, 0), ((int, int, int))tall.GetPixel(10, 20));

        Assert.Throws<ArgumentOutOfRangeException>(() => image.Resize(0, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => image.ResizeToFill(4, -1));
        Assert.Equal(image.Pixels.ToArray(), image.Resize(6, 4).Pixels.ToArray());
    }

    [Fact]
    public void Tensor_conversion_follows_the_contract()
    {
        using var scope = torch.NewDisposeScope();
        // clamp(floor(x · 127.5 + 128), 0, 255), per channel, NCHW -> interleaved RGB.
        float[] values = [-1f, 0f, 1f, -2f, 2f, 0.5f];
        var x = torch.tensor(values, [1, 3, 1, 2]);
        var image = TensorImageConversion.ToImage(x);
        Assert.Equal((2, 1), (image.Width, image.Height));
        var expected = new byte[6];
        for (var c = 0; c < 3; c++)
        {
            for (var px = 0; px < 2; px++)
            {
                expected[px * 3 + c] = (byte)Math.Clamp(Math.Floor(values[c * 2 + px] * 127.5 + 128), 0, 255);
            }
        }
        Assert.Equal(expected, image.Pixels.ToArray());
        Assert.Equal(new byte[] { 0, 255, 255, 128, 0, 191 }, expected); // the contract's values, spelled out

        // Greyscale networks (C = 1) give grey RGB; a batch gives one image per sample.
        var grey = TensorImageConversion.ToImages(torch.linspace(-1, 1, 8).reshape(2, 1, 2, 2));
        Assert.Equal(2, grey.Length);
        Assert.All(grey, g => Assert.Equal(g.GetPixel(1, 1).R, g.GetPixel(1, 1).B));
        Assert.Equal((byte)255, grey[1].GetPixel(1, 1).G);

        // Reading back: u8 / 127.5 − 1 as float32 [N, 3, H, W]; the round trip is exact.
        var picture = new RgbImage(5, 3, RandomPixels(45, 9));
        var tensor = TensorImageConversion.FromImages([picture, picture.Crop(0, 0, 5, 3)]);
        Assert.Equal(new long[] { 2, 3, 3, 5 }, tensor.shape);
        Assert.Equal(ScalarType.Float32, tensor.dtype);
        Assert.Equal(picture.GetPixel(4, 2).G / 127.5f - 1, tensor[0, 1, 2, 4].item<float>(), 6);
        Assert.Equal(picture.Pixels.ToArray(), TensorImageConversion.ToImages(tensor)[1].Pixels.ToArray());
        Assert.Throws<ArgumentException>(() => TensorImageConversion.FromImages([picture, RgbImage.Solid(3, 3, 0, 0, 0)]));
        Assert.Throws<ArgumentException>(() => TensorImageConversion.ToImages(torch.zeros(1, 2, 4, 4)));
    }

    private static RgbImage BoxAverage(RgbImage image, int factor)
    {
        int w = image.Width / factor, h = image.Height / factor;
        var rgb = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    var sum = 0;
                    for (var dy = 0; dy < factor; dy++)
                    {
                        for (var dx = 0; dx < factor; dx++)
                        {
                            sum += image.Pixels[((y * factor + dy) * image.Width + x * factor + dx) * 3 + c];
                        }
                    }
                    rgb[(y * w + x) * 3 + c] = (byte)Math.Round((double)sum / (factor * factor));
                }
            }
        }
        return new RgbImage(w, h, rgb);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);

    /// <summary>Vertical colour bands, for crop tests.</summary>
    private sealed class RgbCanvasBuilder(int width, int height)
    {
        private readonly byte[] _rgb = new byte[width * height * 3];

        public RgbCanvasBuilder Band(int x, int bandWidth, byte r, byte g, byte b)
        {
            for (var y = 0; y < height; y++)
            {
                for (var px = x; px < x + bandWidth; px++)
                {
                    var o = (y * width + px) * 3;
                    (_rgb[o], _rgb[o + 1], _rgb[o + 2]) = (r, g, b);
                }
            }
            return this;
        }

        public RgbImage Image => new(width, height, _rgb);
    }
}
