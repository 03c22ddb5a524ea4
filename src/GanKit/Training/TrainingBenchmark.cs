using System.Diagnostics;
using GanKit.Networks;
using GanKit.Networks.Config;

namespace GanKit.Training;

/// <summary>
/// Times the reference training schedule on random reals (no data set): Gmain and Dmain every minibatch, Greg every
/// 4, Dreg every 16, Adam and G_ema, for <c>gankit bench train</c>; with an augmentation pipeline in front of D, the
/// cost of ADA at that pipeline's p.
/// </summary>
public static class TrainingBenchmark
{
    /// <summary>The timing of one benchmark.</summary>
    /// <param name="Batch">Minibatch size.</param>
    /// <param name="Steps">Timed minibatches.</param>
    /// <param name="Seconds">Wall time of the timed minibatches.</param>
    /// <param name="Parameters">Parameters of G and D together.</param>
    /// <param name="ResidentBefore">The process's resident memory before the timed minibatches, in bytes.</param>
    /// <param name="ResidentAfter">The process's resident memory after them, in bytes.</param>
    public sealed record Result(int Batch, int Steps, double Seconds, long Parameters, long ResidentBefore, long ResidentAfter)
    {
        /// <summary>Seconds per thousand real images.</summary>
        public double SecondsPerKimg => Seconds / (Steps * (double)Batch) * 1000;
    }

    /// <summary>
    /// Trains freshly initialised networks of <paramref name="gConfig"/> and <paramref name="dConfig"/> with
    /// <paramref name="recipe"/> on random reals: <paramref name="warmup"/> untimed minibatches, then
    /// <paramref name="steps"/> timed ones (16, one whole regularisation cycle, by default). <paramref name="augment"/>
    /// puts an augmentation pipeline in front of D (none when null).
    /// </summary>
    public static Result Run(GeneratorConfig gConfig, DiscriminatorConfig dConfig, TrainingRecipe recipe, int batch, Device? device = null,
        int steps = 16, int warmup = 2, Action<int>? progress = null, Augment.AugmentPipeline? augment = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        var target = device ?? torch.CPU;
        torch.manual_seed(0);
        using var G = new Generator(gConfig);
        using var D = new Discriminator(dConfig);
        using var G_ema = new Generator(gConfig);
        G.to(target);
        D.to(target);
        G_ema.to(target);
        GeneratorEma.Update(G_ema, G, 0);
        using var step = new TrainingStep(G, D, G_ema, recipe, augment: augment);
        var cDim = gConfig.CDim;
        void One()
        {
            using var scope = torch.NewDisposeScope();
            var real = torch.rand([batch, gConfig.ImgChannels, gConfig.ImgResolution, gConfig.ImgResolution], device: target) * 2 - 1;
            Tensor? c = null;
            if (cDim > 0) c = torch.nn.functional.one_hot(torch.randint(0, cDim, [batch], device: target), cDim).to(ScalarType.Float32);
            step.Run(real, c);
        }
        for (var i = 0; i < warmup; i++) One();
        // Start the timed steps at a multiple of 16, so they hold exactly the reference's share of regularisation phases.
        step.BatchIndex = 0;
        if (target.type == DeviceType.CUDA) torch.cuda.synchronize();
        var residentBefore = Environment.WorkingSet;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < steps; i++)
        {
            One();
            // As the training loop does, so the timing includes it and memory stays flat.
            if (step.BatchIndex % TrainingRun.NativeCollectInterval == 0) TrainingRun.CollectNativeGarbage();
            progress?.Invoke(i + 1);
        }
        if (target.type == DeviceType.CUDA) torch.cuda.synchronize();
        var parameters = G.parameters().Sum(p => p.numel()) + D.parameters().Sum(p => p.numel());
        return new Result(batch, steps, clock.Elapsed.TotalSeconds, parameters, residentBefore, Environment.WorkingSet);
    }
}
