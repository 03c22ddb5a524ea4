using GanKit.Latent;
using GanKit.Networks.Layers;
using GanKit.Torch;

namespace GanKit.Tests.Networks;

/// <summary>Every case of the reference fixture, reproduced by GanKit's networks (max abs error ≤ 1e-4).</summary>
public class ParityTests : IClassFixture<FixtureNetworks>
{
    private const double Tolerance = 1e-4;
    private readonly FixtureNetworks _f;

    public ParityTests(FixtureNetworks fixture) => _f = fixture;

    private Tensor SeedZ()
    {
        var zDim = (int)_f.G.mapping.ZDim;
        var values = _f.Seeds.SelectMany(s => SeedRandom.Randn(s, zDim)).ToArray();
        return torch.tensor(values, [_f.Seeds.Length, zDim]);
    }

    [Fact]
    public void SeedLatentsAreBitExact()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(_f.Cases["seed_z"].Data, RawTensor.FromTensor(SeedZ()).Data);
    }

    [Theory]
    [InlineData("ws_psi1", 1.0, null)]
    [InlineData("ws_psi0.5", 0.5, null)]
    [InlineData("ws_psi0.7_cutoff4", 0.7, 4)]
    public void MappingWithTruncationMatches(string key, double psi, int? cutoff)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var ws = _f.G.mapping.forward(SeedZ().@float(), null, psi, cutoff);
        Compare.Close(ws, _f.Case(key), Tolerance, key);
    }

    [Fact]
    public void EverySynthesisBlockMatches()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var checkedBlocks = 0;
        _f.G.synthesis.forward_blocks(_f.Case("ws_psi1"), NoiseMode.Const, false, null, (res, x, img) =>
        {
            Compare.Close(x, _f.Case($"block{res}_x"), Tolerance, $"block{res}_x");
            Compare.Close(img, _f.Case($"block{res}_img"), Tolerance, $"block{res}_img");
            checkedBlocks++;
        });
        Assert.Equal(4, checkedBlocks);
    }

    [Theory]
    [InlineData("img_psi1", 1.0, null, NoiseMode.Const)]
    [InlineData("img_psi0.5", 0.5, null, NoiseMode.Const)]
    [InlineData("img_psi0.7_cutoff4", 0.7, 4, NoiseMode.Const)]
    [InlineData("img_psi1_noise_none", 1.0, null, NoiseMode.None)]
    public void ImagesFromSeedsMatch(string key, double psi, int? cutoff, NoiseMode noise)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var img = _f.G.forward(SeedZ().@float(), null, psi, cutoff, noise);
        Compare.Close(img, _f.Case(key), Tolerance, key);
    }

    // The CPU's default is per-sample scaling; CUDA's inference default is the grouped (fused) convolution.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BothModulationPathsMatch(bool fused)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var img = _f.G.synthesis.forward(_f.Case("ws_psi1"), NoiseMode.Const, fused_modconv: fused);
        Compare.Close(img, _f.Case("img_psi1"), Tolerance, $"img_psi1 (fused_modconv {fused})");
    }

    [Fact]
    public void StyleMixingMatches()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var ws = _f.Case("ws_psi1");
        var numWs = _f.G.NumWs;
        var mixed = StyleMixing.Mix(ws.narrow(0, 0, 1), ws.narrow(0, 1, 1), Enumerable.Range(numWs / 2, numWs - numWs / 2).ToArray());
        Compare.Close(mixed, _f.Case("ws_mix"), Tolerance, "ws_mix");
        Compare.Close(_f.G.synthesis.forward(mixed, NoiseMode.Const), _f.Case("img_mix"), Tolerance, "img_mix");
    }

    [Fact]
    public void DiscriminatorLogitsMatch()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        Compare.Close(_f.D.forward(_f.Case("img_psi1").narrow(0, 0, 4)), _f.Case("D_logits_fake"), Tolerance, "D_logits_fake");
        Compare.Close(_f.D.forward(_f.Case("real")), _f.Case("D_logits_real"), Tolerance, "D_logits_real");
    }

    [Fact]
    public void R1GradientAndPenaltyMatchThroughDoubleBackward()
    {
        using var scope = torch.NewDisposeScope();
        var real = _f.Case("real").requires_grad_();
        var logits = _f.D.forward(real);
        var grad = Autograd.grad([logits.sum()], [real], create_graph: true)[0]!;
        var penalty = grad.square().sum([1, 2, 3]);
        Compare.Close(grad, _f.Case("r1_grad"), Tolerance, "r1_grad");
        Compare.Close(penalty, _f.Case("r1_penalty"), Tolerance * Math.Max(1, _f.Case("r1_penalty").abs().max().ToDouble()), "r1_penalty");

        // The penalty is differentiable with respect to D's weights: training backpropagates through it.
        var weight = _f.D.b4.fc.weight;
        var second = Autograd.grad([penalty.sum()], [weight])[0]!;
        Assert.Equal(weight.shape, second.shape);
        Assert.True(second.abs().sum().ToDouble() > 0);
        Assert.True(second.isfinite().@float().mean().ToDouble() == 1.0);
    }
}
