using System.IO.Compression;
using System.Text.Json.Nodes;
using GanKit.Imaging;
using SkiaSharp;

namespace GanKit.Tests.Training.Data;

/// <summary>Synthetic dataset images made in the tests: each image's pixels say which image it is and which way is left.</summary>
public static class DatasetFiles
{
    /// <summary>
    /// Image <paramref name="id"/>: R rises with x (so a flip shows), G with y, and B is the id, constant over the image.
    /// </summary>
    public static RgbImage Pattern(int id, int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = (y * width + x) * 3;
                rgb[o] = (byte)(x * 255 / Math.Max(1, width - 1));
                rgb[o + 1] = (byte)((y * 37 + id * 11) % 256);
                rgb[o + 2] = (byte)id;
            }
        }
        return RgbImage.FromRgb(width, height, rgb);
    }

    /// <summary>The image's pixels as the dataset serves them: uint8 CHW.</summary>
    public static byte[] Chw(RgbImage image, int channels = 3, bool flip = false)
    {
        var (w, h) = (image.Width, image.Height);
        var chw = new byte[channels * w * h];
        for (var c = 0; c < channels; c++)
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    chw[(c * h + y) * w + x] = image.GetPixel(flip ? w - 1 - x : x, y) switch { var p => c == 0 ? p.R : c == 1 ? p.G : p.B };
        return chw;
    }

    /// <summary>Writes <paramref name="image"/> as a PNG, creating folders.</summary>
    public static string SavePng(string path, RgbImage image)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, image.ToPng());
        return path;
    }

    /// <summary>A greyscale (one-channel) PNG of value <c>(x * 16 + y + id) % 256</c>.</summary>
    public static byte[] GrayPng(int id, int size)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Gray8, SKAlphaType.Opaque));
        var span = bitmap.GetPixelSpan();
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                span[y * bitmap.RowBytes + x] = (byte)((x * 16 + y + id) % 256);
        using var pixmap = bitmap.PeekPixels();
        using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6));
        return data!.ToArray();
    }

    /// <summary>A JPEG of <paramref name="image"/>.</summary>
    public static byte[] Jpeg(RgbImage image)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image.GetPixel(x, y);
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
        return data.ToArray();
    }

    /// <summary>A folder of <paramref name="count"/> pattern images, spread over subfolders, plus a file that is not an image.</summary>
    public static string Folder(string root, int count, int size = 8)
    {
        Directory.CreateDirectory(root);
        for (var i = 0; i < count; i++) SavePng(Path.Combine(root, $"part{i % 3}", $"img{i:D3}.png"), Pattern(i, size, size));
        File.WriteAllText(Path.Combine(root, "readme.txt"), "not an image");
        return root;
    }

    /// <summary>A zip in the reference layout: images under 00000/ and dataset.json with the given labels (or none).</summary>
    public static string Zip(string path, int count, Func<int, JsonNode?>? label = null, int size = 8, bool labelsNull = false)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        var labels = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var name = $"00000/img{i:D8}.png";
            Add(zip, name, Pattern(i, size, size).ToPng());
            if (label is not null) labels.Add(new JsonArray(name, label(i)));
        }
        if (label is not null || labelsNull)
            Add(zip, "dataset.json", System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["labels"] = labelsNull ? null : labels }.ToJsonString()));
        return path;
    }

    /// <summary>Adds one stored entry.</summary>
    public static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        stream.Write(bytes);
    }
}
