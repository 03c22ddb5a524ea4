using System.IO.Compression;
using System.Text.Json.Nodes;
using GanKit.Imaging;
using GanKit.Tests.Cli;
using GanKit.Training.Data;
using GanKit.Training.Data.Avatars;

namespace GanKit.Tests.Training.Data.Avatars;

/// <summary>
/// <c>gankit dataset avatars</c>: reproducible bytes, attributes that are what was drawn, labels usable for
/// conditional training, and clear refusals. Needs Node.js and the npm packages environment/setup installs.
/// </summary>
public sealed class AvatarDatasetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-avatars-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string In(string name) => Path.Combine(_dir, name);

    [Fact]
    public void The_same_seed_gives_a_byte_identical_zip_and_another_seed_other_faces()
    {
        AvatarDataset.Build(new AvatarDatasetOptions(In("a.zip"), 24, 32, Seed: 7));
        AvatarDataset.Build(new AvatarDatasetOptions(In("b.zip"), 24, 32, Seed: 7));
        AvatarDataset.Build(new AvatarDatasetOptions(In("c.zip"), 24, 32, Seed: 8));
        Assert.Equal(File.ReadAllBytes(In("a.zip")), File.ReadAllBytes(In("b.zip")));
        var a = AvatarDataset.ReadAttributes(In("a.zip"));
        var c = AvatarDataset.ReadAttributes(In("c.zip"));
        Assert.Equal(24, a.Count);
        Assert.True(a.Zip(c).Count(p => p.First.Attributes.ToString() != p.Second.Attributes.ToString()) >= 20,
            "seeds 7 and 8 drew mostly the same faces");
        Assert.True(File.Exists(In("a-contact-sheet.png")));
    }

    [Fact]
    public void Every_image_is_what_its_attributes_draw_and_changing_one_factor_changes_the_face()
    {
        AvatarDataset.Build(new AvatarDatasetOptions(In("d.zip"), 12, 64, Seed: 3));
        var rows = AvatarDataset.ReadAttributes(In("d.zip"));
        using var zip = ZipFile.OpenRead(In("d.zip"));
        RgbImage Stored(string file)
        {
            using var stream = zip.GetEntry(file)!.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return RgbImage.FromBytes(memory.ToArray(), file);
        }

        // Re-rendered from the attributes table alone, every face is the stored one, pixel for pixel.
        using var renderer = AvatarRenderer.Start();
        var again = renderer.Render(rows.Select(r => r.Attributes), 64).ToList();
        for (var i = 0; i < rows.Count; i++)
            Assert.True(again[i].Pixels.SequenceEqual(Stored(rows[i].File).Pixels), $"{rows[i].File} differs from a render of its attributes {rows[i].Attributes}");

        // Each factor reaches the picture: flipping smile moves pixels in the lower half (the mouth), and
        // glasses appear in the band of the eyes.
        var face = rows[0].Attributes;
        var flipped = face.With("smile", face["smile"] == "yes" ? "no" : "yes");
        var withGlasses = face.With("glasses", face["glasses"] == AvatarFactors.None ? "round" : AvatarFactors.None);
        var pair = renderer.Render([face, flipped, withGlasses], 64).ToList();
        var (mouthTop, mouthBottom) = RowsThatDiffer(pair[0], pair[1]);
        var (eyesTop, eyesBottom) = RowsThatDiffer(pair[0], pair[2]);
        Assert.True(mouthTop > 32, $"the smile changed rows {mouthTop}..{mouthBottom}: expected the lower half of the face");
        Assert.True(eyesTop < mouthTop && eyesBottom < mouthBottom, $"glasses changed rows {eyesTop}..{eyesBottom}, the mouth {mouthTop}..{mouthBottom}");
    }

    private static (int First, int Last) RowsThatDiffer(RgbImage a, RgbImage b)
    {
        var rows = Enumerable.Range(0, a.Height)
            .Where(y => !a.Pixels.Slice(y * a.Width * 3, a.Width * 3).SequenceEqual(b.Pixels.Slice(y * b.Width * 3, b.Width * 3))).ToList();
        Assert.NotEmpty(rows);
        return (rows[0], rows[^1]);
    }

    [Fact]
    public void Factors_follow_their_stated_distributions()
    {
        const int n = 20000;
        var drawn = AvatarSampler.Draw(11, n).ToList();
        foreach (var factor in AvatarFactors.All)
        {
            Assert.Equal(1.0, factor.Values.Sum(v => v.Probability), 9);
            foreach (var value in factor.Values)
            {
                var seen = drawn.Count(a => a[factor.Name] == value.Name) / (double)n;
                var sigma = Math.Sqrt(value.Probability * (1 - value.Probability) / n);
                Assert.True(Math.Abs(seen - value.Probability) < 5 * sigma, $"{factor.Name}={value.Name}: drawn {seen:F4}, stated {value.Probability:F4}");
            }
        }
        // Independent draws: glasses are as common among smiling faces as among the rest.
        var smiling = drawn.Where(a => a["smile"] == "yes").ToList();
        var serious = drawn.Where(a => a["smile"] == "no").ToList();
        double Glasses(List<AvatarAttributes> faces) => faces.Count(a => a["glasses"] != AvatarFactors.None) / (double)faces.Count;
        Assert.True(Math.Abs(Glasses(smiling) - Glasses(serious)) < 0.03);
        // A longer dataset starts with the faces of a shorter one.
        Assert.Equal(AvatarSampler.Draw(11, 50).Select(a => a.ToString()), drawn.Take(50).Select(a => a.ToString()));
    }

    [Fact]
    public void A_label_factor_gives_class_labels_that_conditional_training_reads()
    {
        AvatarDataset.Build(new AvatarDatasetOptions(In("labelled.zip"), 16, 16, Seed: 5, LabelFactor: "smile"));
        var rows = AvatarDataset.ReadAttributes(In("labelled.zip"));
        using var dataset = ImageFolderDataset.Open(In("labelled.zip"), useLabels: true);
        Assert.Equal(16, dataset.Count);
        Assert.Equal(AvatarFactors.Smile.Values.Count, dataset.LabelDim); // both classes occur among 16 faces of seed 5
        using var zip = ZipFile.OpenRead(In("labelled.zip"));
        using var reader = new StreamReader(zip.GetEntry("dataset.json")!.Open());
        var labels = JsonNode.Parse(reader.ReadToEnd())!["labels"]!.AsArray();
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(rows[i].File, (string)labels[i]![0]!);
            Assert.Equal(AvatarFactors.Smile.IndexOf(rows[i].Attributes["smile"]), (int)labels[i]![1]!);
        }
    }

    [Theory]
    [InlineData(new[] { "--count", "0" }, "--count 0")]
    [InlineData(new[] { "--resolution", "48" }, "--resolution 48")]
    [InlineData(new[] { "--resolution", "2048" }, "--resolution 2048")]
    [InlineData(new[] { "--label-factor", "moustache" }, "'moustache' is not an avatar factor")]
    public void Bad_arguments_are_refused_naming_the_parameter(string[] bad, string expected)
    {
        var count = bad.Contains("--count") ? [] : new[] { "--count", "4" };
        var args = new[] { "dataset", "avatars", "--dest", In("x.zip") }.Concat(count).Concat(bad).ToArray();
        CliProcess.FailsCleanly(_dir, args, expected);
        Assert.False(File.Exists(In("x.zip")));
    }

    [Fact]
    public void Without_Node_the_verb_says_what_to_install_and_writes_nothing()
    {
        var emptyPath = Directory.CreateDirectory(In("no-node-here")).FullName;
        var result = CliProcess.RunWith(new Dictionary<string, string?> { ["PATH"] = emptyPath, ["GANKIT_NODE"] = null },
            _dir, "dataset", "avatars", "--dest", In("y.zip"), "--count", "4");
        CliProcess.AssertFailsCleanly(result, "Node.js (node) is not on the PATH", "apt-get install nodejs");
        Assert.False(File.Exists(In("y.zip")));
    }
}
