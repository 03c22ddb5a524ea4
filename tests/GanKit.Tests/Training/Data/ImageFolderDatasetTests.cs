using System.IO.Compression;
using System.Text.Json.Nodes;
using GanKit.Imaging;
using GanKit.Training.Data;

namespace GanKit.Tests.Training.Data;

/// <summary>Folder and zip datasets: loading, labels, mirroring, the seeded stream and its resumption, and bad input.</summary>
public sealed class ImageFolderDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-data-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string In(string name) => Path.Combine(_dir, name);

    /// <summary>The first <paramref name="images"/> of a stream: each image's bytes (CHW) and label row.</summary>
    private static List<(byte[] Pixels, float[]? Label)> Take(ITrainingDataset data, int batchSize, long seed, long start, int images)
    {
        var result = new List<(byte[], float[]?)>();
        var per = data.Channels * data.Resolution * data.Resolution;
        foreach (var batch in data.Batches(batchSize, seed, start))
        {
            using (batch)
            {
                Assert.Equal(ScalarType.Byte, batch.Images.dtype);
                Assert.Equal(new long[] { batchSize, data.Channels, data.Resolution, data.Resolution }, batch.Images.shape);
                var pixels = batch.Images.data<byte>().ToArray();
                var labels = batch.Labels?.data<float>().ToArray();
                for (var k = 0; k < batchSize && result.Count < images; k++)
                    result.Add((pixels[(k * per)..((k + 1) * per)], labels?[(k * data.LabelDim)..((k + 1) * data.LabelDim)]));
            }
            if (result.Count >= images) return result;
        }
        return result;
    }

    /// <summary>The id of a pattern image: its blue channel.</summary>
    private static int Id(byte[] chw, int resolution) => chw[2 * resolution * resolution];

    [Fact]
    public void A_folder_is_searched_recursively_and_served_exactly()
    {
        Folder(In("faces"), 10);
        using var data = TrainingDatasets.Open(In("faces"));
        Assert.Equal("faces", data.Name);
        Assert.Equal((10, 8, 3, 0), (data.Count, data.Resolution, data.Channels, data.LabelDim));

        var stream = Take(data, 4, seed: 1, start: 0, images: 20);
        var firstPass = stream.Take(10).Select(s => Id(s.Pixels, 8)).ToArray();
        Assert.Equal(Enumerable.Range(0, 10), firstPass.Order());
        Assert.Equal(Enumerable.Range(0, 10), stream.Skip(10).Select(s => Id(s.Pixels, 8)).Order());
        Assert.NotEqual(firstPass, stream.Skip(10).Select(s => Id(s.Pixels, 8)).ToArray()); // a new permutation each pass
        foreach (var (pixels, label) in stream)
        {
            Assert.Null(label);
            Assert.Equal(DatasetFiles.Chw(DatasetFiles.Pattern(Id(pixels, 8), 8, 8)), pixels);
        }
    }

    private static string Folder(string root, int count, int size = 8) => DatasetFiles.Folder(root, count, size);

    [Fact]
    public void A_zip_with_class_labels_gives_one_hot_rows()
    {
        var zip = DatasetFiles.Zip(In("classes.zip"), 9, i => JsonValue.Create(i % 4 == 3 ? 4 : i % 4));
        using var data = TrainingDatasets.Open(zip, useLabels: true);
        Assert.Equal("classes", data.Name);
        Assert.Equal((9, 8, 5), (data.Count, data.Resolution, data.LabelDim));
        foreach (var (pixels, label) in Take(data, 3, seed: 5, start: 0, images: 9))
        {
            var id = Id(pixels, 8);
            var expected = new float[5];
            expected[id % 4 == 3 ? 4 : id % 4] = 1;
            Assert.Equal(expected, label);
            Assert.Equal(DatasetFiles.Chw(DatasetFiles.Pattern(id, 8, 8)), pixels);
        }

        using var unlabelled = TrainingDatasets.Open(zip);
        Assert.Equal(0, unlabelled.LabelDim);
        Assert.All(Take(unlabelled, 3, 5, 0, 3), s => Assert.Null(s.Label));
    }

    [Fact]
    public void Vector_labels_are_served_as_given()
    {
        var zip = DatasetFiles.Zip(In("vectors.zip"), 6, i => new JsonArray(i * 0.5, -i, 1.25));
        using var data = TrainingDatasets.Open(zip, useLabels: true);
        Assert.Equal(3, data.LabelDim);
        foreach (var (pixels, label) in Take(data, 2, seed: 9, start: 0, images: 6))
        {
            var id = Id(pixels, 8);
            Assert.Equal(new[] { id * 0.5f, -id, 1.25f }, label);
        }
    }

    [Fact]
    public void Greyscale_files_give_one_channel_and_mixed_files_three()
    {
        Directory.CreateDirectory(In("grey"));
        for (var i = 0; i < 4; i++) File.WriteAllBytes(In($"grey/g{i}.png"), DatasetFiles.GrayPng(i, 8));
        using (var grey = TrainingDatasets.Open(In("grey")))
        {
            Assert.Equal(1, grey.Channels);
            using var image = grey.GetImage(2);
            Assert.Equal(new long[] { 1, 8, 8 }, image.shape);
            var px = image.data<byte>().ToArray();
            Assert.Equal((byte)((3 * 16 + 5 + 2) % 256), px[5 * 8 + 3]); // file g2.png, x 3, y 5
        }
        DatasetFiles.SavePng(In("grey/colour.png"), DatasetFiles.Pattern(1, 8, 8));
        using var mixed = TrainingDatasets.Open(In("grey"));
        Assert.Equal(3, mixed.Channels);
        using var first = mixed.GetImage(1); // g0.png after colour.png: grey repeated in R, G and B
        var rgb = first.data<byte>().ToArray();
        Assert.Equal(rgb[..64], rgb[64..128]);
        Assert.Equal(rgb[..64], rgb[128..]);
    }

    [Fact]
    public void Jpeg_and_webp_files_are_read_too()
    {
        Directory.CreateDirectory(In("mixed-formats"));
        File.WriteAllBytes(In("mixed-formats/a.jpg"), DatasetFiles.Jpeg(DatasetFiles.Pattern(1, 16, 16)));
        File.WriteAllBytes(In("mixed-formats/b.JPEG"), DatasetFiles.Jpeg(DatasetFiles.Pattern(2, 16, 16)));
        DatasetFiles.SavePng(In("mixed-formats/c.png"), DatasetFiles.Pattern(3, 16, 16));
        using var data = TrainingDatasets.Open(In("mixed-formats"));
        Assert.Equal((3, 16), (data.Count, data.Resolution));
        Assert.Equal(3, Take(data, 3, 0, 0, 3).Count);
    }

    [Fact]
    public void Mirror_doubles_the_set_with_flipped_copies()
    {
        Folder(In("m"), 5);
        using var plain = TrainingDatasets.Open(In("m"));
        using var data = TrainingDatasets.Open(In("m"), mirror: true);
        Assert.Equal(10, data.Count);
        Assert.True(data.Mirror);
        for (var i = 0; i < 5; i++)
        {
            using var a = data.GetImage(i);
            using var b = data.GetImage(i + 5);
            using var flippedBack = b.flip(2);
            Assert.Equal(a.data<byte>().ToArray(), flippedBack.data<byte>().ToArray());
            Assert.NotEqual(a.data<byte>().ToArray(), b.data<byte>().ToArray());
        }
        // In the stream, each image appears once as it is and once flipped per pass.
        var pass = Take(data, 5, seed: 3, start: 0, images: 10);
        var plainCount = pass.Count(s => s.Pixels.SequenceEqual(DatasetFiles.Chw(DatasetFiles.Pattern(Id(s.Pixels, 8), 8, 8))));
        var flipCount = pass.Count(s => s.Pixels.SequenceEqual(DatasetFiles.Chw(DatasetFiles.Pattern(Id(s.Pixels, 8), 8, 8), flip: true)));
        Assert.Equal((5, 5), (plainCount, flipCount));
        Assert.Equal(Enumerable.Range(0, 5).SelectMany(i => new[] { i, i }), pass.Select(s => Id(s.Pixels, 8)).Order());
    }

    [Fact]
    public void The_order_follows_the_seed_alone()
    {
        Folder(In("order"), 12);
        using var data = TrainingDatasets.Open(In("order"));
        int[] Ids(long seed) => Take(data, 4, seed, 0, 36).Select(s => Id(s.Pixels, 8)).ToArray();
        var a = Ids(7);
        Assert.Equal(a, Ids(7));
        Assert.NotEqual(a, Ids(8));
        using var reopened = TrainingDatasets.Open(In("order"));
        Assert.Equal(a, Take(reopened, 4, 7, 0, 36).Select(s => Id(s.Pixels, 8)).ToArray());
    }

    [Fact]
    public void Starting_at_an_index_continues_the_same_stream_exactly()
    {
        Folder(In("resume"), 10);
        using var data = TrainingDatasets.Open(In("resume"), mirror: true, workers: 2);
        var full = Take(data, 4, seed: 11, start: 0, images: 60);
        foreach (var start in new[] { 0L, 4, 7, 19, 20, 33 }) // within a pass, at and across pass boundaries
        {
            var tail = Take(data, 4, seed: 11, start, images: 60 - (int)start);
            Assert.Equal(full.Skip((int)start).Select(s => s.Pixels), tail.Select(s => s.Pixels));
        }
        // Whole batches from a batch boundary are the same batches.
        var batchesFull = data.Batches(4, 11).Skip(3).Take(2).Select(b => { using (b) return b.Images.data<byte>().ToArray(); }).ToArray();
        var batchesResumed = data.Batches(4, 11, startIndex: 12).Take(2).Select(b => { using (b) return b.Images.data<byte>().ToArray(); }).ToArray();
        Assert.Equal(batchesFull, batchesResumed);
    }

    [Fact]
    public void The_worker_count_never_changes_the_stream()
    {
        var zip = DatasetFiles.Zip(In("workers.zip"), 14, i => JsonValue.Create(i % 3));
        List<(byte[], float[]?)> Run(int workers)
        {
            using var data = TrainingDatasets.Open(zip, mirror: true, useLabels: true, workers: workers);
            return Take(data, 5, seed: 2, start: 3, images: 70);
        }
        var one = Run(1);
        foreach (var workers in new[] { 0, 4 })
        {
            var other = Run(workers);
            Assert.Equal(one.Select(s => s.Item1), other.Select(s => s.Item1));
            Assert.Equal(one.Select(s => s.Item2), other.Select(s => s.Item2));
        }
    }

    [Fact]
    public void Disposing_stops_the_workers_and_the_stream()
    {
        Folder(In("stop"), 8);
        var data = TrainingDatasets.Open(In("stop"), workers: 3);
        using var stream = data.Batches(2, 0).GetEnumerator();
        Assert.True(stream.MoveNext());
        stream.Current.Dispose();
        data.Dispose();
        Assert.Throws<ObjectDisposedException>(() => stream.MoveNext());
        Assert.Throws<ObjectDisposedException>(() => data.Batches(2, 0));
    }

    [Fact]
    public void Throughput_is_measured_on_the_pipeline_alone()
    {
        Folder(In("speed"), 16, size: 32);
        using var data = TrainingDatasets.Open(In("speed"));
        var t = TrainingDatasets.MeasureThroughput(data, batchSize: 8, batches: 4);
        Assert.Equal(32, t.Images);
        Assert.True(t.ImagesPerSecond > 0 && double.IsFinite(t.ImagesPerSecond));
    }

    // ---- bad input: one clear exception naming the file or folder and what was expected ----

    private static TException Refused<TException>(string path, bool useLabels = false, params string[] fragments) where TException : Exception
    {
        var e = Assert.ThrowsAny<TException>(() => TrainingDatasets.Open(path, useLabels: useLabels).Dispose());
        foreach (var f in fragments) Assert.Contains(f, e.Message);
        return e;
    }

    [Fact]
    public void A_missing_path_is_named()
    {
        Refused<IOException>(In("nowhere"), false, In("nowhere"), "does not exist");
    }

    [Fact]
    public void An_empty_folder_or_zip_is_refused()
    {
        Directory.CreateDirectory(In("empty"));
        File.WriteAllText(In("empty/notes.txt"), "no images here");
        Refused<InvalidDataException>(In("empty"), false, In("empty"), "no PNG, JPEG or WebP images");
        using (ZipFile.Open(In("empty.zip"), ZipArchiveMode.Create)) { }
        Refused<InvalidDataException>(In("empty.zip"), false, In("empty.zip"), "no PNG, JPEG or WebP images");
    }

    [Fact]
    public void A_corrupt_image_is_named_when_opening()
    {
        Folder(In("corrupt"), 4);
        File.WriteAllBytes(In("corrupt/part1/broken.png"), "this is not a PNG at all"u8.ToArray());
        Refused<InvalidDataException>(In("corrupt"), false, Path.Combine(In("corrupt"), "part1/broken.png"), "PNG, JPEG or WebP");
        File.WriteAllBytes(In("corrupt/part1/broken.png"), []);
        Refused<InvalidDataException>(In("corrupt"), false, "broken.png", "empty");
    }

    [Fact]
    public void A_truncated_image_is_named_when_its_batch_is_decoded()
    {
        Folder(In("cut"), 4, size: 32);
        var png = DatasetFiles.Pattern(9, 32, 32).ToPng();
        File.WriteAllBytes(In("cut/part0/cut.png"), png[..(png.Length / 2)]); // the header survives; the pixels do not
        using var data = TrainingDatasets.Open(In("cut"), workers: 2);
        var e = Assert.Throws<InvalidDataException>(() => data.Batches(5, 0).First().Dispose());
        Assert.Contains("cut.png", e.Message);
        Assert.Contains("damaged or truncated", e.Message);
        // Checking every file up front finds it before any batch.
        var progress = new List<(int, int)>();
        e = Assert.Throws<InvalidDataException>(() => data.CheckAllImages((done, total) => { lock (progress) progress.Add((done, total)); }));
        Assert.Contains(Path.Combine(In("cut"), "part0/cut.png"), e.Message);
        Assert.Contains((5, 5), progress);
        File.Delete(In("cut/part0/cut.png"));
        DatasetFiles.SavePng(In("cut/part0/cut.png"), DatasetFiles.Pattern(9, 32, 32));
        data.CheckAllImages();
    }

    [Fact]
    public void A_truncated_zip_is_named()
    {
        var zip = DatasetFiles.Zip(In("whole.zip"), 5, i => JsonValue.Create(i));
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(In("cut.zip"), bytes[..(bytes.Length * 2 / 3)]);
        Refused<InvalidDataException>(In("cut.zip"), false, In("cut.zip"), "truncated or corrupt");
        File.WriteAllText(In("text.zip"), "not a zip");
        Refused<InvalidDataException>(In("text.zip"), false, In("text.zip"), "not a readable zip");
    }

    [Fact]
    public void Mixed_sizes_are_listed_with_their_counts()
    {
        Folder(In("many-sizes"), 2, size: 8);
        for (var i = 0; i < 10; i++) DatasetFiles.SavePng(In($"many-sizes/s{i}.png"), DatasetFiles.Pattern(i, 9 + i, 9 + i));
        Refused<InvalidDataException>(In("many-sizes"), false, "2 at 8x8", "and 3 more at 3 other sizes");

        Folder(In("sizes"), 3, size: 8);
        for (var i = 0; i < 2; i++) DatasetFiles.SavePng(In($"sizes/big{i}.png"), DatasetFiles.Pattern(i, 16, 16));
        var e = Refused<InvalidDataException>(In("sizes"), false, In("sizes"), "3 at 8x8", "2 at 16x16", "big0.png", "gankit dataset");
        Assert.True(e.Message.IndexOf("3 at 8x8", StringComparison.Ordinal) < e.Message.IndexOf("2 at 16x16", StringComparison.Ordinal));
    }

    [Fact]
    public void Sizes_that_are_not_square_powers_of_two_are_refused()
    {
        DatasetFiles.SavePng(In("odd/a.png"), DatasetFiles.Pattern(0, 12, 12));
        Refused<InvalidDataException>(In("odd"), false, In("odd"), "12x12", "a.png", "power-of-two", "gankit dataset");
        DatasetFiles.SavePng(In("wide/a.png"), DatasetFiles.Pattern(0, 16, 8));
        Refused<InvalidDataException>(In("wide"), false, In("wide"), "16x8", "square");
    }

    [Fact]
    public void Cond_without_labels_is_refused()
    {
        Folder(In("nolabels"), 3);
        Refused<InvalidDataException>(In("nolabels"), true, "--cond", In("nolabels"), "dataset.json");
        var zip = DatasetFiles.Zip(In("null-labels.zip"), 3, labelsNull: true);
        Refused<InvalidDataException>(zip, true, "--cond", "null-labels.zip", "unlabelled");
        using var ok = TrainingDatasets.Open(zip); // unlabelled is fine without --cond
        Assert.Equal(3, ok.Count);
    }

    [Fact]
    public void Labels_must_match_the_files()
    {
        var extra = DatasetFiles.Zip(In("extra.zip"), 3, i => JsonValue.Create(i));
        using (var zip = ZipFile.Open(extra, ZipArchiveMode.Update))
        {
            zip.GetEntry("dataset.json")!.Delete();
            var labels = new JsonArray(new JsonArray("00000/img00000000.png", 0), new JsonArray("00000/img00000001.png", 1),
                new JsonArray("00000/img00000002.png", 1), new JsonArray("00000/gone.png", 2));
            DatasetFiles.Add(zip, "dataset.json", System.Text.Encoding.UTF8.GetBytes(new JsonObject { ["labels"] = labels }.ToJsonString()));
        }
        Refused<InvalidDataException>(extra, true, "dataset.json", "00000/gone.png", "not an image");

        Folder(In("unlabelled-one"), 3);
        var names = Directory.GetFiles(In("unlabelled-one"), "*.png", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(In("unlabelled-one"), f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        File.WriteAllText(In("unlabelled-one/dataset.json"),
            new JsonObject { ["labels"] = new JsonArray(names.Skip(1).Select(n => (JsonNode)new JsonArray(n, 0)).ToArray()) }.ToJsonString());
        Refused<InvalidDataException>(In("unlabelled-one"), true, "no label for image", names[0]);
    }
}
