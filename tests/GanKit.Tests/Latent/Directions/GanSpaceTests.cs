using GanKit.Latent.Directions;
using Xunit.Abstractions;

namespace GanKit.Tests.Latent.Directions;

public class GanSpaceTests(ITestOutputHelper output)
{
    private const int Samples = 10_000;

    [Fact]
    public void TopComponentsMatchAnSvdOfTheSameWs()
    {
        var G = DirectionsTestNetwork.G;
        var pca = GanSpace.Pca(G, Samples, components: 5, batchSize: 1500);  // batches that do not divide S

        // The independent route: all ws at once, centred, and libtorch's SVD (not an eigensolver on a covariance).
        using var scope = torch.NewDisposeScope();
        var ws = DirectionsTestNetwork.Ws(Samples);
        var centred = ws - ws.mean([0], keepdim: true);
        var (_, s, vh) = torch.linalg.svd(centred, fullMatrices: false);
        var sq = (s * s).data<double>().ToArray();
        var totalSq = sq.Sum();
        var v = vh.data<double>().ToArray();
        var wDim = (int)ws.size(1);

        Assert.Equal(5, pca.Count);
        Assert.Equal(Samples, pca.Samples);
        for (var k = 0; k < 5; k++)
        {
            var svdDir = v.Skip(k * wDim).Take(wDim).ToArray();
            var cos = Math.Abs(Dot(pca.Directions[k], svdDir));
            output.WriteLine($"component {k}: 1 - |cos| = {1 - cos:E2}, ratio {pca.ExplainedVarianceRatio[k]:F6} vs SVD {sq[k] / totalSq:F6} (diff {Math.Abs(pca.ExplainedVarianceRatio[k] - sq[k] / totalSq):E2})");
            Assert.True(cos > 1 - 1e-4, $"component {k}: |cos| = {cos}");
            Assert.True(Math.Abs(pca.ExplainedVarianceRatio[k] - sq[k] / totalSq) < 1e-4,
                $"component {k}: ratio {pca.ExplainedVarianceRatio[k]} vs SVD {sq[k] / totalSq}");
            var variance = sq[k] / (Samples - 1);
            Assert.True(Math.Abs(pca.ExplainedVariance[k] - variance) < 1e-6 * variance, $"component {k}: variance {pca.ExplainedVariance[k]} vs {variance}");
            Assert.Equal(Math.Sqrt(pca.ExplainedVariance[k]), pca.Stdev[k], 12);
            // The projections' standard deviation, measured directly.
            var proj = centred.matmul(torch.tensor(pca.Directions[k], [wDim], ScalarType.Float64));
            Assert.True(Math.Abs(proj.std().item<double>() - pca.Stdev[k]) < 1e-6 * pca.Stdev[k]);
        }
        var mean = ws.mean([0]).data<double>().ToArray();
        for (var i = 0; i < wDim; i++) Assert.True(Math.Abs(pca.Mean[i] - mean[i]) < 1e-9, $"mean[{i}]");
    }

    [Fact]
    public void OrderAndSignAreFixed()
    {
        var G = DirectionsTestNetwork.G;
        var a = GanSpace.Pca(G, 2000, components: 6, batchSize: 2000);
        var b = GanSpace.Pca(G, 2000, components: 6, batchSize: 333);
        for (var k = 0; k < 6; k++)
        {
            if (k > 0) Assert.True(a.ExplainedVariance[k] <= a.ExplainedVariance[k - 1], "strongest first");
            // The documented rule: the component of largest magnitude is positive.
            var d = a.Directions[k];
            var at = Array.IndexOf(d, d.MaxBy(Math.Abs));
            Assert.True(d[at] > 0, $"component {k}: largest-magnitude entry {d[at]} is negative");
            // Batching changes only round-off: same direction, same sign.
            Assert.True(Dot(a.Directions[k], b.Directions[k]) > 1 - 1e-8, $"component {k} differs between batchings");
            Assert.Equal(1.0, Dot(d, d), 12);
        }
    }

    [Fact]
    public void SavedFileHoldsTheContract()
    {
        var pca = GanSpace.Pca(DirectionsTestNetwork.G, 500, components: 4, networkHash: NetworkHash.Of(DirectionsTestNetwork.Path));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gankit-dirs-{Guid.NewGuid():N}.safetensors");
        try
        {
            pca.Save(path);
            var raw = GanKit.Torch.Safetensors.Read(path, out var metadata);
            Assert.Equal([4L, 64L], raw["directions"].Shape);
            Assert.Equal([4L], raw["explained_variance"].Shape);
            Assert.Equal([64L], raw["mean"].Shape);
            Assert.Equal([4L], raw["stdev"].Shape);
            Assert.Equal("pca", metadata["method"]);
            Assert.Equal("500", metadata["samples"]);
            Assert.Equal(64, metadata["network"].Length);

            var back = DirectionSet.Load(path);
            Assert.Equal(pca.Count, back.Count);
            Assert.Equal(pca.NetworkHash, back.NetworkHash);
            for (var k = 0; k < 4; k++)
            {
                Assert.Equal(1.0, Dot(back.Directions[k], back.Directions[k]), 10);
                Assert.True(Dot(back.Directions[k], pca.Directions[k]) > 1 - 1e-6);
                Assert.Equal(pca.ExplainedVarianceRatio[k], back.ExplainedVarianceRatio[k], 5);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void ComponentsOutOfRangeAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => GanSpace.Pca(DirectionsTestNetwork.G, 100, components: 65));
        Assert.Contains("--components", e.Message);
    }

    internal static double Dot(IReadOnlyList<double> a, IReadOnlyList<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Count; i++) sum += a[i] * b[i];
        return sum;
    }
}
