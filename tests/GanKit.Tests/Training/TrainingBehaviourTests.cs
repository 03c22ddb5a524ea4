using GanKit.Networks.Layers;
using GanKit.Training;

namespace GanKit.Tests.Training;

/// <summary>The pieces of the recipe beyond the replayed iteration: combined phases, style mixing, the step's schedule, G_ema and Adam's correction.</summary>
public class TrainingBehaviourTests : IClassFixture<TrainingCases>
{
    private readonly TrainingCases _t;

    public TrainingBehaviourTests(TrainingCases cases) => _t = cases;

    private Dictionary<string, Tensor> Gradients(LossPhase phase, double gain)
    {
        using var G = _t.G();
        using var D = _t.D();
        using var loss = _t.Loss(G, D);
        loss.AccumulateGradients(phase, _t.Case("real"), null, _t.Case("gen_z"), null, gain);
        var trained = phase.TrainsGenerator() ? (torch.nn.Module)G : D;
        return trained.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.detach().clone());
    }

    [Theory]
    [InlineData(LossPhase.Gboth, LossPhase.Gmain, LossPhase.Greg)]
    [InlineData(LossPhase.Dboth, LossPhase.Dmain, LossPhase.Dreg)]
    public void BothPhaseIsTheSumOfMainAndRegularization(LossPhase both, LossPhase main, LossPhase reg)
    {
        using var scope = torch.NewDisposeScope();
        var combined = Gradients(both, 1);
        var a = Gradients(main, 1);
        var b = Gradients(reg, 1);
        foreach (var (name, g) in combined)
        {
            var error = Tolerances.MaxError(g, a[name] + b[name]);
            Assert.True(error <= 1e-5, $"{both} {name}: {error:E3}");
        }
    }

    [Fact]
    public void StyleMixingTakesTheTailFromTheSecondLatentWithoutMovingWAvg()
    {
        using var scope = torch.NewDisposeScope();
        using var G = _t.G();
        var z = _t.Case("gen_z");
        var z2 = torch.randn(z.shape, generator: new torch.Generator(7));
        var draws = new ScriptedDraws(cutoff: 3, mixing: z2);
        var ws = G.mapping.forward(z, null, skip_w_avg_update: true);
        var wAvg = G.mapping.w_avg!.clone();
        var mixed = new StyleMixing(0.9).Apply(G.mapping, ws, z, null, draws);
        Assert.Equal(0.9, draws.AskedProbability);
        var other = G.mapping.forward(z2, null, skip_w_avg_update: true);
        Assert.Equal(ws.shape, mixed.shape);
        Assert.True(mixed.narrow(1, 0, 3).Equals(ws.narrow(1, 0, 3)));
        Assert.True(mixed.narrow(1, 3, G.NumWs - 3).allclose(other.narrow(1, 3, G.NumWs - 3)));
        Assert.True(G.mapping.w_avg!.Equals(wAvg));

        var unmixed = new StyleMixing(0.9).Apply(G.mapping, ws, z, null, new ScriptedDraws(cutoff: G.NumWs, mixing: z2));
        Assert.Same(ws, unmixed);
        Assert.Same(ws, new StyleMixing(0).Apply(G.mapping, ws, z, null, new ScriptedDraws(cutoff: -1, mixing: z2)));
    }

    [Fact]
    public void TorchDrawsPickACutoffInRangeOrNone()
    {
        var draws = new TorchRandomDraws(new torch.Generator(1));
        var cutoffs = Enumerable.Range(0, 200).Select(_ => draws.StyleMixingCutoff(8, 0.9)).ToArray();
        Assert.All(cutoffs, c => Assert.InRange(c, 1, 8));
        Assert.Equal(Enumerable.Range(1, 7), cutoffs.Where(c => c < 8).Distinct().Order());
        Assert.InRange(cutoffs.Count(c => c == 8), 5, 45); // about 10 % unmixed
        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal(8, draws.StyleMixingCutoff(8, 0)));
        Assert.All(Enumerable.Range(0, 20), _ => Assert.InRange(draws.StyleMixingCutoff(8, 1), 1, 7));

        var again = new TorchRandomDraws(new torch.Generator(1));
        Assert.Equal(cutoffs, Enumerable.Range(0, 200).Select(_ => again.StyleMixingCutoff(8, 0.9)));
    }

    [Fact]
    public void StepRunsTheLazyScheduleAndMovesEveryNetwork()
    {
        using var scope = torch.NewDisposeScope();
        using var G = _t.G();
        using var D = _t.D();
        using var G_ema = _t.G();
        var recipe = TrainingPreset.Auto(32).Recipe();
        using var step = new TrainingStep(G, D, G_ema, recipe, new TorchRandomDraws(new torch.Generator(3)));
        step.CurNimg = 100_000;
        var g0 = G.synthesis.blocks[0].conv1.weight.detach().clone();
        var d0 = D.b4.fc.weight.detach().clone();
        var ema0 = G_ema.synthesis.blocks[0].conv1.weight.detach().clone();

        var first = step.Run(_t.Case("real"));
        Assert.Equal([LossPhase.Gmain, LossPhase.Greg, LossPhase.Dmain, LossPhase.Dreg], first.Phases.Select(p => p.Phase));
        Assert.Null(first.FirstNonFinite);
        Assert.True(step.Loss.PathLength.PlMean > 0);
        Assert.Equal(100_004, first.CurNimg);
        Assert.Equal(1, step.BatchIndex);
        Assert.Equal(recipe.Ema.Beta(4, 100_000), first.EmaBeta);
        Assert.False(G.synthesis.blocks[0].conv1.weight.allclose(g0));
        Assert.False(D.b4.fc.weight.allclose(d0));
        // G_ema = lerp(G, G_ema, β): a β-weighted mix of its old weights and G's new ones.
        var expected = G.synthesis.blocks[0].conv1.weight.detach() + (ema0 - G.synthesis.blocks[0].conv1.weight.detach()) * first.EmaBeta;
        Assert.True(G_ema.synthesis.blocks[0].conv1.weight.allclose(expected, rtol: 1e-5, atol: 1e-6));

        var second = step.Run(_t.Case("real"));
        Assert.Equal([LossPhase.Gmain, LossPhase.Dmain], second.Phases.Select(p => p.Phase));
        step.BatchIndex = 16;
        Assert.Equal([LossPhase.Gmain, LossPhase.Greg, LossPhase.Dmain, LossPhase.Dreg], step.NextPhases().Select(p => p.Phase));
        Assert.Equal([1.0, 4, 1, 16], step.NextPhases().Select(p => p.Gain));
    }

    [Fact]
    public void WithoutLazyRegularizationEachStepRunsBothPhases()
    {
        using var G = _t.G();
        using var D = _t.D();
        using var G_ema = _t.G();
        var recipe = new TrainingRecipe(GRegInterval: null, DRegInterval: null);
        using var step = new TrainingStep(G, D, G_ema, recipe);
        step.BatchIndex = 5;
        Assert.Equal([(LossPhase.Gboth, 1.0), (LossPhase.Dboth, 1.0)], step.NextPhases());
        Assert.Equal(recipe.GLearningRate, recipe.GeneratorAdam.LearningRate);
    }

    [Fact]
    public void EmaHalfLifeRampsUpWithTheImagesSeen()
    {
        var ema = new GeneratorEma(EmaKimg: 10, RampUp: 0.05);
        Assert.Equal(0, ema.Beta(32, 0)); // at the start G_ema is a copy of G
        Assert.Equal(5000, ema.HalfLifeImages(100_000));
        Assert.Equal(10_000, ema.HalfLifeImages(1_000_000));
        Assert.Equal(Math.Pow(0.5, 32 / 10_000.0), ema.Beta(32, 1_000_000), 15);
        Assert.Equal(Math.Pow(0.5, 32 / 10_000.0), new GeneratorEma(10, null).Beta(32, 0), 15);
    }

    [Fact]
    public void LazyCorrectionScalesLrAndRaisesTheBetas()
    {
        Assert.Equal(0.8, AdamSettings.LazyRatio(4), 15);
        Assert.Equal(16 / 17.0, AdamSettings.LazyRatio(16), 15);
        Assert.Equal(1, AdamSettings.LazyRatio(null));
        var s = new AdamSettings(0.01, Beta1: 0.5, Beta2: 0.9).ForLazyRegularization(4);
        Assert.Equal((0.008, Math.Pow(0.5, 0.8), Math.Pow(0.9, 0.8), 1e-8), (s.LearningRate, s.Beta1, s.Beta2, s.Epsilon));
    }

    [Fact]
    public void BadSettingsAreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StyleMixing(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new R1Regularization(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PathLengthRegularization(batchShrink: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => AdamSettings.LazyRatio(-4));
        using var G = _t.G();
        using var D = _t.D();
        using var loss = _t.Loss(G, D);
        Assert.Throws<ArgumentOutOfRangeException>(() => loss.AccumulateGradients(LossPhase.Gmain, _t.Case("real"), null, _t.Case("gen_z"), null, gain: 0));
    }

    /// <summary>Draws a fixed cutoff and fixed second latents.</summary>
    private sealed class ScriptedDraws(int cutoff, Tensor mixing) : IRandomDraws
    {
        public double? AskedProbability { get; private set; }

        public Tensor Latents(long batch, int z_dim, Device device) => throw new InvalidOperationException();

        public Tensor PathLengthNoise(Tensor images) => throw new InvalidOperationException();

        public int StyleMixingCutoff(int num_ws, double probability)
        {
            if (cutoff < 0) throw new InvalidOperationException("no cutoff may be drawn");
            AskedProbability = probability;
            return cutoff;
        }

        public Tensor MixingLatents(Tensor z) => mixing;
    }
}
