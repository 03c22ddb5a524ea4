using GanKit.Imaging;
using GanKit.Latent;
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

        // Projected faces edit the same way: a projected_w.npz holding the same two seeds' ws gives the same image
        // cells as the seeds' grid (only the row labels differ).
        using (var nets = GanKit.Networks.NetworkFile.Load(network))
        using (var ws = nets.G_ema.SeedsToWs([85u, 100u], 1))
            GanKit.Formats.Numpy.ProjectedLatents.Save(Path.Combine(_dir, "projected_w.npz"), ws.cpu());
        var projected = CliProcess.Succeeds(_dir, "edit", "--network", network, "--projected-w", "projected_w.npz", "--directions", "dirs.safetensors",
            "--component", "3", "--strengths", "-5,-2.5,0,2.5,5", "--layers", "0-5", "--outdir", "out-projected", "--device", "cpu");
        Assert.Contains("2 projected face(s) × 5 strengths", projected.Stdout);
        var projectedGrid = RgbImage.Load(Path.Combine(_dir, "out-projected", "edit-pca3.png"));
        Assert.Equal(grid.Height, projectedGrid.Height);
        // The last cell, measured from the right edge (the label column on the left is wider for "projected 0").
        var (cellW, cellH) = (128, 128);
        var same = 0;
        for (var y = grid.Height - cellH / 2; y < grid.Height; y++)
            for (var x = 1; x <= cellW / 2; x++)
                if (grid.GetPixel(grid.Width - x, y) == projectedGrid.GetPixel(projectedGrid.Width - x, y)) same++;
        Assert.Equal(cellW / 2 * (cellH / 2), same);
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
        CliProcess.FailsCleanly(_dir, Edit(), "--seeds is required");
        CliProcess.FailsCleanly(_dir, Edit("--seeds", "1", "--projected-w", "p.npz"), "not both");
        CliProcess.FailsCleanly(_dir, Edit("--projected-w", "missing.npz"), "'missing.npz' does not exist");
        CliProcess.FailsCleanly(_dir, ["directions", "--method", "ica", "--network", network, "--out", "x.safetensors"], "--method 'ica'");
        CliProcess.FailsCleanly(_dir, ["directions", "--network", network, "--components", "65", "--out", "x.safetensors", "--device", "cpu"],
            "--components must be in 1..64");
        CliProcess.FailsCleanly(_dir, ["directions", "--method", "supervised", "--network", network, "--out", "x.safetensors"], "--labels");
    }
}
