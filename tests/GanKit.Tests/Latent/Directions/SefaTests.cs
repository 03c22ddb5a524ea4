using GanKit.Latent.Directions;

namespace GanKit.Tests.Latent.Directions;

public class SefaTests
{
    [Fact]
    public void AffinesAreMatchedToTheWsTheyRead()
    {
        // The small network: blocks 4, 8, 16, 32 and 8 ws. Each block's tRGB shares its ws with the next block's conv0.
        var expected = new (int, string)[]
        {
            (0, "b4.conv1.affine"), (1, "b4.torgb.affine"), (1, "b8.conv0.affine"), (2, "b8.conv1.affine"), (3, "b8.torgb.affine"),
            (3, "b16.conv0.affine"), (4, "b16.conv1.affine"), (5, "b16.torgb.affine"), (5, "b32.conv0.affine"),
            (6, "b32.conv1.affine"), (7, "b32.torgb.affine"),
        };
        var affines = StyleAffine.Of(DirectionsTestNetwork.G.synthesis);
        Assert.Equal(expected.OrderBy(e => e.Item2), affines.Select(a => (a.WsIndex, a.Name)).OrderBy(e => e.Item2));
    }

    [Theory]
    [InlineData(0, 3)]
    [InlineData(4, 7)]
    [InlineData(0, 7)]
    public void DirectionsAreEigenvectorsOfTheStackedAffines(int first, int last)
    {
        var G = DirectionsTestNetwork.G;
        var range = Enumerable.Range(first, last - first + 1).ToArray();
        var sefa = Sefa.Directions(G, range, components: 8, samples: 0);
        Assert.Equal("sefa", sefa.Method);
        Assert.Equal($"{first}-{last}", sefa.Layers);

        // AᵀA built here from the parameters by name, with the gains the layers apply (1/√w_dim; tRGB also 1/√C_in).
        using var scope = torch.NewDisposeScope();
        var parameters = G.synthesis.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(ScalarType.Float64));
        var wsOf = new Dictionary<string, int>
        {
            ["b4.conv1"] = 0, ["b4.torgb"] = 1, ["b8.conv0"] = 1, ["b8.conv1"] = 2, ["b8.torgb"] = 3, ["b16.conv0"] = 3,
            ["b16.conv1"] = 4, ["b16.torgb"] = 5, ["b32.conv0"] = 5, ["b32.conv1"] = 6, ["b32.torgb"] = 7,
        };
        var ata = torch.zeros([64, 64], ScalarType.Float64);
        foreach (var (layer, ws) in wsOf.Where(kv => range.Contains(kv.Value)))
        {
            var a = parameters[$"{layer}.affine.weight"] / Math.Sqrt(64);
            if (layer.EndsWith("torgb")) a = a / Math.Sqrt(parameters[$"{layer}.weight"].shape[1]);
            ata += a.t().matmul(a);
        }

        for (var k = 0; k < sefa.Count; k++)
        {
            var d = torch.tensor(sefa.Directions[k], [64], ScalarType.Float64);
            var lambda = sefa.ExplainedVariance[k];
            var residual = (ata.matmul(d) - lambda * d).norm().item<double>();
            Assert.True(residual < 1e-4 * lambda, $"component {k}: ‖AᵀA d − λd‖ = {residual}, λ = {lambda}");
            if (k > 0) Assert.True(lambda <= sefa.ExplainedVariance[k - 1]);
        }
        // The top eigenvalue is the largest Rayleigh quotient: no unit vector does better.
        var top = torch.linalg.eigvalsh(ata).max().item<double>();
        Assert.True(Math.Abs(top - sefa.ExplainedVariance[0]) < 1e-9 * top);
    }

    [Fact]
    public void StatisticsComeFromTheSeeds()
    {
        var G = DirectionsTestNetwork.G;
        var sefa = Sefa.Directions(G, [0, 1], components: 2, samples: 1000);
        var ws = DirectionsTestNetwork.Ws(1000);
        var d = torch.tensor(sefa.Directions[1], [64], ScalarType.Float64);
        Assert.Equal(ws.matmul(d).std().item<double>(), sefa.Stdev[1], 9);
        Assert.Equal(ws.mean([0])[3].item<double>(), sefa.Mean[3], 9);
    }

    [Fact]
    public void LayersOutOfRangeAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => Sefa.Directions(DirectionsTestNetwork.G, [0, 8], 3, samples: 0));
        Assert.Contains("--layers", e.Message);
        Assert.Contains("0..7", e.Message);
    }
}
