using GanKit.Formats.Numpy;
using GanKit.Latent.Projection;

namespace GanKit.Tests.Latent.Projection;

/// <summary>The LPIPS path with a small TorchScript stand-in of vgg16.pt's interface (make_fixtures.py, python3-torch).</summary>
public sealed class LpipsNetworkTests
{
    [Fact]
    public void FeaturesAndLossEqualTheStandInsOutput()
    {
        var fixture = Npz.ReadTensors(ProjectionFixtures.Path("lpips_fixture.npz"));
        using var lpips = LpipsNetwork.Load(ProjectionFixtures.Path("standin_lpips.pt"));
        using var fa = lpips.Features(fixture["a"]);
        using var fb = lpips.Features(fixture["b"]);
        using var errA = (fa - fixture["fa"]).abs().max();
        using var errB = (fb - fixture["fb"]).abs().max();
        Assert.True(errA.ToDouble() < 1e-5, $"features of a differ by {errA.ToDouble():E2}");
        Assert.True(errB.ToDouble() < 1e-5, $"features of b differ by {errB.ToDouble():E2}");

        using var loss = new ProjectionLoss(fixture["b"], ProjectionLossWeights.LpipsOnly, lpips: lpips);
        using var value = loss.Compute(fixture["a"]);
        var expected = fixture["distance"].ToDouble();
        Assert.True(Math.Abs(value.ToDouble() - expected) < 1e-5 * Math.Max(1, expected), $"LPIPS loss {value.ToDouble()} != stand-in distance {expected}");

        using var weighted = new ProjectionLoss(fixture["b"], new ProjectionLossWeights(Lpips: 2.5), lpips: lpips);
        using var twice = weighted.Compute(fixture["a"]);
        Assert.True(Math.Abs(twice.ToDouble() - 2.5 * expected) < 1e-5 * Math.Max(1, expected));
    }

    [Fact]
    public void LossIsDifferentiableThroughTheTorchScriptNetwork()
    {
        var fixture = Npz.ReadTensors(ProjectionFixtures.Path("lpips_fixture.npz"));
        using var lpips = LpipsNetwork.Load(ProjectionFixtures.Path("standin_lpips.pt"));
        using var loss = new ProjectionLoss(fixture["b"], ProjectionLossWeights.LpipsOnly, lpips: lpips);
        using var x = fixture["a"].clone().requires_grad_(true);
        var grad = GanKit.Torch.Autograd.grad([loss.Compute(x)], [x])[0];
        Assert.True(grad.abs().sum().ToDouble() > 0, "no gradient reached the image");
    }

    [Fact]
    public void MissingFileSaysWhereTheReferenceGetsVgg16()
    {
        var missing = Path.Combine(Path.GetTempPath(), "gankit-no-such-folder", "vgg16.pt");
        var e = Assert.Throws<FileNotFoundException>(() => LpipsNetwork.Locate(missing));
        Assert.Contains(missing, e.Message);
        Assert.Contains("https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/vgg16.pt", e.Message);
    }

    [Fact]
    public void LpipsWeightWithoutTheNetworkIsRefused()
    {
        using var target = torch.zeros(1, 3, 16, 16);
        var e = Assert.Throws<ArgumentException>(() => new ProjectionLoss(target, ProjectionLossWeights.LpipsOnly));
        Assert.Contains(LpipsNetwork.Url, e.Message);
    }
}
