using GanKit.Latent.Directions;
using Xunit.Abstractions;

namespace GanKit.Tests.Latent.Directions;

public class SupervisedDirectionsTests(ITestOutputHelper output)
{
    private static double[] Hidden(int seed)
    {
        var random = new Random(seed);
        var h = Enumerable.Range(0, 64).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var norm = Math.Sqrt(h.Sum(v => v * v));
        return h.Select(v => v / norm).ToArray();
    }

    private static double[] Projections(Tensor ws, double[] h)
    {
        using var scope = torch.NewDisposeScope();
        var centred = ws - ws.mean([0], keepdim: true);
        return centred.matmul(torch.tensor(h, [64], ScalarType.Float64)).data<double>().ToArray();
    }

    [Fact]
    public void RecoversAPlantedBoundaryDespiteLabelNoise()
    {
        using var scope = torch.NewDisposeScope();
        var ws = DirectionsTestNetwork.Ws(10_000);
        var h = Hidden(7);
        var noise = new Random(11);
        var flipped = 0;
        var labels = Projections(ws, h).Select(p =>
        {
            var label = p > 0;
            if (noise.NextDouble() < 0.05) { flipped++; return !label; }
            return label;
        }).ToArray();

        var fit = SupervisedDirections.Logistic(ws, labels);
        var cos = GanSpaceTests.Dot(fit.Direction, h);
        output.WriteLine($"flipped {flipped}; cos {cos:F4}; held-out accuracy {fit.HeldOutScore:P2} on {fit.HeldOutCount}, train {fit.TrainScore:P2}");
        Assert.True(fit.Binary);
        Assert.Equal(2000, fit.HeldOutCount);
        Assert.True(cos > 0.95, $"cosine with the planted normal {cos}");
        Assert.True(fit.HeldOutScore > 0.90, $"held-out accuracy {fit.HeldOutScore}");
    }

    [Fact]
    public void LeastSquaresRecoversAContinuousAttribute()
    {
        using var scope = torch.NewDisposeScope();
        var ws = DirectionsTestNetwork.Ws(3000);
        var h = Hidden(3);
        var noise = new Random(5);
        var values = Projections(ws, h).Select(p => 2 * p + 0.05 * (noise.NextDouble() - 0.5)).ToArray();
        var fit = SupervisedDirections.LeastSquares(ws, values);
        var cos = GanSpaceTests.Dot(fit.Direction, h);
        output.WriteLine($"cos {cos:F5}; held-out R² {fit.HeldOutScore:F4}");
        Assert.False(fit.Binary);
        Assert.True(cos > 0.99, $"cosine {cos}");
        Assert.True(fit.HeldOutScore > 0.9, $"held-out R² {fit.HeldOutScore}");
    }

    [Fact]
    public void ProjectingOutLeavesTheOtherAttributeAlone()
    {
        var a = Hidden(1);
        var b = Hidden(2);
        var conditional = SupervisedDirections.ProjectOut(a, b);
        Assert.Equal(0, GanSpaceTests.Dot(conditional, b), 12);
        Assert.Equal(1, GanSpaceTests.Dot(conditional, conditional), 12);
        Assert.True(GanSpaceTests.Dot(conditional, a) > 0);
        Assert.Throws<ArgumentException>(() => SupervisedDirections.ProjectOut(a, a));
    }

    [Fact]
    public void LabelsComeFromCsvOrJsonBySeed()
    {
        var dir = Directory.CreateTempSubdirectory("gankit-labels").FullName;
        try
        {
            var csv = System.IO.Path.Combine(dir, "labels.csv");
            File.WriteAllText(csv, "seed,smile\n85,1\n100,0\n7,0.5\n");
            Assert.Equal(new Dictionary<uint, double> { [85] = 1, [100] = 0, [7] = 0.5 }, SupervisedDirections.ReadLabels(csv));
            var json = System.IO.Path.Combine(dir, "labels.json");
            File.WriteAllText(json, """{"85": true, "100": 0, "3": 2.5}""");
            Assert.Equal(new Dictionary<uint, double> { [85] = 1, [100] = 0, [3] = 2.5 }, SupervisedDirections.ReadLabels(json));
            File.WriteAllText(csv, "85,1\nx,2\n");
            var e = Assert.Throws<FormatException>(() => SupervisedDirections.ReadLabels(csv));
            Assert.Contains("line 2", e.Message);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void FitsLabelsGivenPerSeed()
    {
        var G = DirectionsTestNetwork.G;
        var h = Hidden(9);
        var ws = DirectionsTestNetwork.Ws(2000);
        var projections = Projections(ws, h);
        var labels = Enumerable.Range(0, 2000).ToDictionary(i => (uint)i, i => projections[i] > 0 ? 1.0 : 0.0);
        var fit = SupervisedDirections.FromSeeds(G, labels);
        Assert.True(fit.Binary);
        Assert.True(GanSpaceTests.Dot(fit.Direction, h) > 0.9);
        var set = fit.ToDirectionSet(WStatistics.FromSeeds(G, 500));
        Assert.Equal("supervised", set.Method);
        Assert.Equal(1, set.Count);
    }
}
