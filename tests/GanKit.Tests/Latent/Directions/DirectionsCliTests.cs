using GanKit.Imaging;
using GanKit.Latent.Directions;
using GanKit.Tests.Cli;

namespace GanKit.Tests.Latent.Directions;

public sealed class DirectionsCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-directions-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void DirectionsThenEditWritesTheFileAndTheGrid()
    {
        var network = DirectionsTestNetwork.Path;
        CliProcess.Succeeds(_dir, "directions", "--method", "pca", "--network", network, "--samples", "2000", "--components", "4",
            "--out", "dirs.safetensors", "--device", "cpu");
        var set = DirectionSet.Load(Path.Combine(_dir, "dirs.safetensors"));
        Assert.Equal(4, set.Count);
        Assert.Equal(2000, set.Samples);
        Assert.Equal(NetworkHash.Of(network), set.NetworkHash);

        var sefa = CliProcess.Succeeds(_dir, "directions", "--method", "sefa", "--network", network, "--layers", "0-3", "--components", "3",
            "--samples", "100", "--out", "sefa.safetensors", "--device", "cpu");
        Assert.Contains("ws 0-3", sefa.Stdout);
        Assert.Equal("0-3", DirectionSet.Load(Path.Combine(_dir, "sefa.safetensors")).Layers);

        var edit = CliProcess.Succeeds(_dir, "edit", "--network", network, "--seeds", "85,100", "--directions", "dirs.safetensors",
            "--component", "3", "--strengths", "-5,-2.5,0,2.5,5", "--layers", "0-5", "--outdir", "out", "--device", "cpu");
        Assert.Contains("2 seed(s) × 5 strengths", edit.Stdout);
        var grid = RgbImage.Load(Path.Combine(_dir, "out", "edit-pca3.png"));
        Assert.True(grid.Width > 5 * 128 && grid.Height > 2 * 128, $"grid {grid.Width}×{grid.Height}");
    }

    [Fact]
    public void SupervisedDirectionFromALabelsFile()
    {
        // Labels by a planted rule: the sign of w's projection on a hidden direction.
        var random = new Random(4);
        var hidden = torch.tensor(Enumerable.Range(0, 64).Select(_ => random.NextDouble() - 0.5).ToArray(), [64], ScalarType.Float64);
        hidden /= hidden.norm();
        var ws = DirectionsTestNetwork.Ws(1500);
        var scores = (ws - ws.mean([0], keepdim: true)).matmul(hidden).data<double>().ToArray();
        File.WriteAllLines(Path.Combine(_dir, "labels.csv"), ["seed,label", .. scores.Select((v, i) => $"{i},{(v > 0 ? 1 : 0)}")]);

        var run = CliProcess.Succeeds(_dir, "directions", "--method", "supervised", "--network", DirectionsTestNetwork.Path,
            "--labels", "labels.csv", "--samples", "500", "--out", "smile.safetensors", "--device", "cpu");
        Assert.Contains("held-out accuracy", run.Stdout);
        var set = DirectionSet.Load(Path.Combine(_dir, "smile.safetensors"));
        Assert.Equal("supervised", set.Method);
        var cos = GanSpaceTests.Dot(set.Directions[0], hidden.data<double>().ToArray());
        Assert.True(cos > 0.9, $"cosine {cos}");
    }

    [Fact]
    public void BadInputGivesOneClearLine()
    {
        var network = DirectionsTestNetwork.Path;
        var wide = Path.Combine(_dir, "wide.safetensors");
        new DirectionSet([Enumerable.Repeat(1.0, 128).ToArray(), Enumerable.Range(0, 128).Select(i => (double)i).ToArray()],
            [2, 1], new double[128], [1, 1], "pca", 3).Save(wide);
        string[] Edit(params string[] extra) =>
            ["edit", "--network", network, "--directions", wide, "--outdir", "out", "--device", "cpu", .. extra];

        CliProcess.FailsCleanly(_dir, Edit("--seeds", "1"), "w_dim 128", "w_dim is 64");
        CliProcess.FailsCleanly(_dir, Edit("--seeds", "1", "--component", "2"), "--component 2 is outside 0..1");
        CliProcess.FailsCleanly(_dir, Edit("--seeds", ""), "--seeds");
        CliProcess.FailsCleanly(_dir, ["directions", "--method", "ica", "--network", network, "--out", "x.safetensors"], "--method 'ica'");
        CliProcess.FailsCleanly(_dir, ["directions", "--network", network, "--components", "65", "--out", "x.safetensors", "--device", "cpu"],
            "--components must be in 1..64");
        CliProcess.FailsCleanly(_dir, ["directions", "--method", "supervised", "--network", network, "--out", "x.safetensors"], "--labels");
    }
}
