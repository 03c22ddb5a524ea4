using System.IO.Compression;
using System.Text.Json.Nodes;
using GanKit.Imaging;
using GanKit.Tests.Cli;
using GanKit.Training.Data;

namespace GanKit.Tests.Training.Data;

/// <summary><c>gankit dataset</c> end to end through the real command line.</summary>
public sealed class DatasetCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-dataset-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string In(string name) => Path.Combine(_dir, name);

    private static readonly (byte R, byte G, byte B)[] Palette = [(200, 30, 30), (30, 200, 30), (30, 30, 200)];

    /// <summary>Photos of assorted sizes and formats, one solid colour per class, with labels, a corrupt file and a text file.</summary>
    private string Photos()
    {
        var root = In("photos");
        Directory.CreateDirectory(Path.Combine(root, "more"));
        var sizes = new[] { (40, 30), (30, 40), (64, 64), (100, 50), (17, 23), (48, 48) };
        var labels = new JsonArray();
        for (var i = 0; i < sizes.Length; i++)
        {
            var (w, h) = sizes[i];
            var (r, g, b) = Palette[i % 3];
            var image = RgbImage.Solid(w, h, r, g, b);
            var name = i == 2 ? "more/p2.jpg" : i == 4 ? "more/p4.webp" : $"p{i}.png";
            var path = Path.Combine(root, name);
            File.WriteAllBytes(path, name.EndsWith(".jpg") ? DatasetFiles.Jpeg(image) : name.EndsWith(".webp") ? Webp(image) : image.ToPng());
            labels.Add(new JsonArray(name, i % 3));
        }
        File.WriteAllBytes(Path.Combine(root, "broken.png"), "not a png"u8.ToArray());
        labels.Add(new JsonArray("broken.png", 0));
        File.WriteAllText(Path.Combine(root, "notes.txt"), "ignored");
        File.WriteAllText(Path.Combine(root, "dataset.json"), new JsonObject { ["labels"] = labels }.ToJsonString());
        return root;
    }

    private static byte[] Webp(RgbImage image)
    {
        using var bitmap = new SkiaSharp.SKBitmap(image.Width, image.Height);
        for (var y = 0; y < image.Height; y++)
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image.GetPixel(x, y);
                bitmap.SetPixel(x, y, new SkiaSharp.SKColor(r, g, b));
            }
        using var data = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Webp, 100);
        return data!.ToArray();
    }

    [Fact]
    public void Photos_become_a_labelled_zip_with_a_contact_sheet()
    {
        var source = Photos();
        var dest = In("out/photos16.zip");
        var result = CliProcess.Succeeds(_dir, "dataset", "--source", source, "--dest", dest, "--resolution", "16");
        Assert.Contains("6 images", result.Stdout);
        Assert.Contains("7 found, 1 skipped", result.Stdout);
        Assert.Contains("broken.png", result.Stdout);
        Assert.Contains("not a PNG, JPEG or WebP image", result.Stdout);
        Assert.Empty(Directory.GetFiles(In("out"), ".*")); // no temporary files left

        using (var zip = ZipFile.OpenRead(dest))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "00000/img00000000.png");
            Assert.Contains(zip.Entries, e => e.FullName == "dataset.json");
        }
        using var data = TrainingDatasets.Open(dest, useLabels: true);
        Assert.Equal((6, 16, 3, 3), (data.Count, data.Resolution, data.Channels, data.LabelDim));
        for (var i = 0; i < data.Count; i++)
        {
            // Sources in name order: more/p2.jpg, more/p4.webp, p0, p1, p3, p5; each one's class gives its colour.
            using var image = data.GetImage(i);
            using var label = data.GetLabel(i)!;
            var cls = (int)label.argmax().item<long>();
            var centre = image[.., 8, 8].data<byte>().ToArray();
            Assert.Equal(new[] { Palette[cls].R, Palette[cls].G, Palette[cls].B }.Select(v => (double)v), centre.Select(v => (double)v), new Tolerance(6));
        }

        var sheet = DatasetBuilder.ContactSheetPath(dest);
        Assert.Equal(In("out/photos16-contact-sheet.png"), sheet);
        var grid = RgbImage.Load(sheet);
        Assert.True(grid.Width >= 6 * 16 && grid.Height >= 16, $"{grid.Width}x{grid.Height}");
    }

    private sealed class Tolerance(double by) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= by;
        public int GetHashCode(double v) => 0;
    }

    [Fact]
    public void Center_crop_wide_pads_the_band_and_skips_narrow_images()
    {
        var root = In("cars");
        DatasetFiles.SavePng(Path.Combine(root, "wide.png"), RgbImage.Solid(80, 40, 250, 250, 250));
        DatasetFiles.SavePng(Path.Combine(root, "tall.png"), RgbImage.Solid(40, 80, 250, 250, 250));
        DatasetFiles.SavePng(Path.Combine(root, "tiny.png"), RgbImage.Solid(8, 8, 250, 250, 250));
        var result = CliProcess.Succeeds(_dir, "dataset", "--source", root, "--dest", In("cars-out"), "--resolution", "32", "--transform", "center-crop-wide");
        Assert.Contains("tiny.png", result.Stdout);
        Assert.Contains("narrower than 32", result.Stdout);
        Assert.True(File.Exists(In("cars-out/dataset.json")));
        Assert.Equal("{\"labels\":null}", File.ReadAllText(In("cars-out/dataset.json")));
        using var data = TrainingDatasets.Open(In("cars-out"));
        Assert.Equal((2, 32), (data.Count, data.Resolution));
        using var first = data.GetImage(0);
        var px = first.data<byte>().ToArray();
        Assert.Equal(0, px[0]);                   // row 0: the black pad
        Assert.Equal(0, px[7 * 32 + 5]);          // row 7: still pad (the band is rows 8 to 23)
        Assert.Equal(250, px[8 * 32 + 5]);        // row 8: the band
        Assert.Equal(250, px[23 * 32 + 31]);
        Assert.Equal(0, px[24 * 32]);
    }

    [Fact]
    public void None_keeps_square_images_and_max_images_stops_early()
    {
        var root = In("squares");
        for (var i = 0; i < 5; i++) DatasetFiles.SavePng(Path.Combine(root, $"s{i}.png"), DatasetFiles.Pattern(i, 32, 32));
        DatasetFiles.SavePng(Path.Combine(root, "a-rect.png"), DatasetFiles.Pattern(9, 32, 16));
        var result = CliProcess.Succeeds(_dir, "dataset", "--source", root, "--dest", In("sq.zip"), "--resolution", "16", "--transform", "none", "--max-images", "3");
        Assert.Contains("a-rect.png: 32x16 is not square", result.Stdout);
        using var data = TrainingDatasets.Open(In("sq.zip"));
        Assert.Equal((3, 16), (data.Count, data.Resolution));

        CliProcess.Succeeds(_dir, "dataset", "--source", In("sq.zip"), "--dest", In("sq-same.zip"), "--resolution", "16", "--transform", "none");
        using var same = TrainingDatasets.Open(In("sq-same.zip"));
        for (var i = 0; i < 3; i++)
        {
            using var a = data.GetImage(i);
            using var b = same.GetImage(i);
            Assert.Equal(a.data<byte>().ToArray(), b.data<byte>().ToArray()); // already the size: copied exactly
        }
    }

    [Fact]
    public void Greyscale_photos_stay_greyscale()
    {
        var root = In("grey");
        Directory.CreateDirectory(root);
        for (var i = 0; i < 3; i++) File.WriteAllBytes(Path.Combine(root, $"g{i}.png"), DatasetFiles.GrayPng(i, 32));
        var result = CliProcess.Succeeds(_dir, "dataset", "--source", root, "--dest", In("grey.zip"), "--resolution", "8");
        Assert.Contains("greyscale", result.Stdout);
        using var data = TrainingDatasets.Open(In("grey.zip"));
        Assert.Equal(1, data.Channels);
    }

    [Fact]
    public void A_truncated_zip_source_is_refused_cleanly()
    {
        var zip = DatasetFiles.Zip(In("src.zip"), 6, size: 16);
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(In("cut.zip"), bytes[..(bytes.Length / 2)]);
        CliProcess.FailsCleanly(_dir, ["dataset", "--source", In("cut.zip"), "--dest", In("out.zip"), "--resolution", "16"], In("cut.zip"), "truncated or corrupt");
        Assert.False(File.Exists(In("out.zip")));
        Assert.Empty(Directory.GetFiles(_dir, ".*"));
    }

    [Fact]
    public void An_unwritable_dest_is_refused_cleanly()
    {
        var source = DatasetFiles.Folder(In("src"), 3);
        File.WriteAllText(In("a-file"), "in the way");
        var dest = Path.Combine(In("a-file"), "out.zip");
        CliProcess.FailsCleanly(_dir, ["dataset", "--source", source, "--dest", dest, "--resolution", "8"], dest, "Cannot write the dataset");

        Directory.CreateDirectory(In("full"));
        File.WriteAllText(In("full/keep.txt"), "x");
        CliProcess.FailsCleanly(_dir, ["dataset", "--source", source, "--dest", In("full"), "--resolution", "8"], In("full"), "not empty");
        Assert.Equal(["keep.txt"], Directory.GetFileSystemEntries(In("full")).Select(Path.GetFileName));
    }

    [Fact]
    public void Bad_arguments_and_unusable_sources_are_refused_cleanly()
    {
        var source = DatasetFiles.Folder(In("src"), 3);
        CliProcess.FailsCleanly(_dir, ["dataset", "--source", source, "--dest", In("o.zip"), "--resolution", "100"], "--resolution 100", "power of two");
        CliProcess.FailsCleanly(_dir, ["dataset", "--source", source, "--dest", In("o.zip"), "--resolution", "8", "--transform", "squash"], "--transform 'squash'");
        CliProcess.FailsCleanly(_dir, ["dataset", "--source", In("missing"), "--dest", In("o.zip"), "--resolution", "8"], In("missing"), "does not exist");
        Directory.CreateDirectory(In("empty"));
        CliProcess.FailsCleanly(_dir, ["dataset", "--source", In("empty"), "--dest", In("o.zip"), "--resolution", "8"], In("empty"), "no PNG, JPEG or WebP images");
        Directory.CreateDirectory(In("bad"));
        File.WriteAllBytes(In("bad/x.png"), "junk"u8.ToArray());
        CliProcess.FailsCleanly(_dir, ["dataset", "--source", In("bad"), "--dest", In("o.zip"), "--resolution", "8"], "No usable images", "x.png");
        Assert.False(File.Exists(In("o.zip")));
        Assert.False(File.Exists(In("o-contact-sheet.png")));
    }
}
