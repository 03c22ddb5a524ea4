using GanKit.Training;
using Xunit.Abstractions;

namespace GanKit.Tests.Training;

/// <summary>
/// One reference training iteration replayed: losses, every gradient of Gmain, Greg, Dmain and Dreg, w_avg, pl_mean,
/// one lazily corrected Adam step and the G_ema update, at 1e-4 (relative for values above 1).
/// </summary>
public class TrainingParityTests : IClassFixture<TrainingCases>
{
    private const double Tolerance = 1e-4;
    private readonly TrainingCases _t;
    private readonly ITestOutputHelper _out;

    public TrainingParityTests(TrainingCases cases, ITestOutputHelper output)
    {
        _t = cases;
        _out = output;
    }

    private void Close(double actual, string key)
    {
        var expected = _t.Scalar(key);
        var error = Math.Abs(actual - expected) / Math.Max(1, Math.Abs(expected));
        _out.WriteLine($"{key}: {actual} vs {expected} (error {error:E2})");
        Assert.True(error <= Tolerance, $"{key}: {actual} vs {expected}, error {error:E3} > {Tolerance:E1}");
    }

    private void Close(Tensor actual, string key)
    {
        var error = Tolerances.MaxError(actual, _t.Case(key));
        _out.WriteLine($"{key}: max error {error:E2}");
        Assert.True(error <= Tolerance, $"{key}: max error {error:E3} > {Tolerance:E1}");
    }

    private void Gradients(torch.nn.Module module, string prefix)
    {
        var worst = Tolerances.MaxErrorOverParameters(module, _t.Group(prefix), p => p.grad, Tolerance, prefix);
        _out.WriteLine($"{prefix}.*: max error {worst:E2}");
    }

    [Fact]
    public void GmainLossGradientsAndWAvgMatch()
    {
        using var scope = torch.NewDisposeScope();
        using var G = _t.G();
        using var D = _t.D();
        using var loss = _t.Loss(G, D);
        var result = loss.AccumulateGradients(LossPhase.Gmain, _t.Case("real"), null, _t.Case("gen_z"), null, gain: 1);
        Close(result.GeneratorLoss!.Value, "Gmain_loss");
        Gradients(G, "grad_Gmain");
        Close(G.mapping.w_avg!, "w_avg_after_Gmain");
        Assert.All(D.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void GregPathLengthGradientsAndPlMeanMatch()
    {
        using var scope = torch.NewDisposeScope();
        using var G = _t.G();
        using var D = _t.D();
        using var loss = _t.Loss(G, D);
        Assert.Equal(0, loss.PathLength.PlMean);
        var result = loss.AccumulateGradients(LossPhase.Greg, _t.Case("real"), null, _t.Case("gen_z"), null, gain: 4);
        Gradients(G, "grad_Greg");
        Close(loss.PathLength.PlMean, "pl_mean_after_Greg");
        Assert.Equal(loss.PathLength.PlMean, result.PlMean);
        Assert.All(D.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void DmainLossesAndGradientsMatch()
    {
        using var scope = torch.NewDisposeScope();
        using var G = _t.G();
        using var D = _t.D();
        using var loss = _t.Loss(G, D);
        var result = loss.AccumulateGradients(LossPhase.Dmain, _t.Case("real"), null, _t.Case("gen_z"), null, gain: 1);
        Close(result.DiscriminatorLossFake!.Value, "Dmain_loss_gen");
        Close(result.DiscriminatorLossReal!.Value, "Dmain_loss_real");
        Gradients(D, "grad_Dmain");
        Assert.All(G.parameters(), p => Assert.Null(p.grad));
    }

    [Fact]
    public void DregR1GradientsMatch()
    {
        using var scope = torch.NewDisposeScope();
        using var G = _t.G();
        using var D = _t.D();
        using var loss = _t.Loss(G, D);
        loss.AccumulateGradients(LossPhase.Dreg, _t.Case("real"), null, _t.Case("gen_z"), null, gain: 16);
        Gradients(D, "grad_Dreg");
    }

    [Theory]
    [InlineData("Gmain", 4)]
    [InlineData("Dmain", 16)]
    public void OneLazilyCorrectedAdamStepMatches(string phase, int interval)
    {
        using var scope = torch.NewDisposeScope();
        using torch.nn.Module module = phase == "Gmain" ? _t.G() : _t.D();
        var settings = new AdamSettings(0.0025).ForLazyRegularization(interval);
        Close(settings.LearningRate, $"adam_lr_{phase}");
        Close(settings.Beta2, $"adam_beta2_{phase}");
        Assert.Equal(0, settings.Beta1);
        Assert.Equal(1e-8, settings.Epsilon);

        var gradients = _t.Group($"grad_{phase}");
        foreach (var (name, p) in module.named_parameters()) p.grad = gradients[name];
        using var adam = settings.Create(module.parameters());
        adam.step();
        var worst = Tolerances.MaxErrorOverParameters(module, _t.Group($"after_adam_{phase}"), p => p, Tolerance, $"after_adam_{phase}");
        _out.WriteLine($"after_adam_{phase}.*: max error {worst:E2}");
    }

    [Fact]
    public void EmaUpdateMatches()
    {
        using var scope = torch.NewDisposeScope();
        using var G = _t.G();
        using var G_ema = _t.G();
        using (torch.no_grad())
        {
            var after = _t.Group("after_adam_Gmain");
            foreach (var (name, p) in G.named_parameters()) p.copy_(after[name]);
        }
        var ema = new GeneratorEma(EmaKimg: 10.0 * 4 / 32, RampUp: 0.05);
        var beta = ema.Update(G_ema, G, batchSize: 4, curNimg: 100_000);
        Close(beta, "ema_beta");
        var worst = Tolerances.MaxErrorOverParameters(G_ema, _t.Group("ema"), p => p, Tolerance, "ema");
        _out.WriteLine($"ema.*: max error {worst:E2}");
        var sourceBuffers = G.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, b) in G_ema.named_buffers())
            Assert.True(b.Equals(sourceBuffers[name]), $"buffer {name} is not a copy of G's");
    }

    [Fact]
    public void EveryKeyOfTheFileIsChecked()
    {
        string[] scalars = ["real", "gen_z", "pl_noise", "r1_gamma", "Gmain_loss", "Dmain_loss_gen", "Dmain_loss_real",
            "w_avg_after_Gmain", "pl_mean_after_Greg", "adam_lr_Gmain", "adam_beta2_Gmain", "adam_lr_Dmain", "adam_beta2_Dmain", "ema_beta"];
        string[] groups = ["grad_Gmain", "grad_Greg", "grad_Dmain", "grad_Dreg", "after_adam_Gmain", "after_adam_Dmain", "ema"];
        var unchecked_ = _t.Cases.Keys.Where(k => !scalars.Contains(k) && !groups.Any(g => k.StartsWith(g + ".", StringComparison.Ordinal)));
        Assert.Empty(unchecked_);
        Assert.All(scalars, k => Assert.True(_t.Cases.ContainsKey(k), $"missing {k}"));
    }
}
