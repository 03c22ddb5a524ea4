using GanKit.Networks;
using GanKit.Networks.Layers;
using GanKit.Training.Augment;

namespace GanKit.Training;

/// <summary>
/// One StyleGAN2 training iteration on a minibatch of reals: Gmain, then Greg every <c>GRegInterval</c>
/// minibatches, Dmain, then Dreg every <c>DRegInterval</c> (each regularisation phase with its interval as gain),
/// each followed by an Adam step of its network with the lazy-regularisation correction; then G_ema moves
/// toward G. Each phase draws its own latents. A training loop calls <see cref="Run"/> once per minibatch.
/// With an augmentation pipeline D sees every image through it; with adaptive augmentation its p follows the
/// real logits' signs. With frozen D layers (FreezeD) D's optimizer holds only the layers that are trained.
/// </summary>
public sealed class TrainingStep : IDisposable
{
    /// <summary>Trains <paramref name="G"/> and <paramref name="D"/> and averages into <paramref name="G_ema"/> with <paramref name="recipe"/>.</summary>
    /// <param name="draws">Random draws; torch's RNG when null.</param>
    /// <param name="noiseMode">Synthesis noise while training (random, as the papers train).</param>
    /// <param name="augment">The augmentation in front of D, or null for none.</param>
    /// <param name="adaptive">Adaptive p for <paramref name="augment"/>, or null to keep its p fixed.</param>
    /// <param name="freezeD">D layers to freeze (FreezeD), counted from the image.</param>
    public TrainingStep(Generator G, Discriminator D, Generator G_ema, TrainingRecipe recipe, IRandomDraws? draws = null,
        NoiseMode noiseMode = NoiseMode.Random, AugmentPipeline? augment = null, AdaptiveAugmentation? adaptive = null, int freezeD = 0)
    {
        if (adaptive is not null && !ReferenceEquals(adaptive.Pipeline, augment))
            throw new ArgumentException("training step: adaptive augmentation must steer the step's own pipeline", nameof(adaptive));
        this.G = G;
        this.D = D;
        this.G_ema = G_ema;
        Recipe = recipe;
        Loss = new StyleGan2Loss(G, D, recipe.LossOptions(noiseMode), draws) { Augment = augment };
        Adaptive = adaptive;
        FrozenD = DiscriminatorFreezing.Freeze(D, freezeD);
        FreezeD = freezeD;
        GOptimizer = recipe.GeneratorAdam.Create(G.parameters());
        DOptimizer = recipe.DiscriminatorAdam.Create(D.parameters().Where(p => p.requires_grad));
    }

    /// <summary>Adaptive augmentation, or null.</summary>
    public AdaptiveAugmentation? Adaptive { get; }

    /// <summary>D layers frozen (FreezeD), counted from the image.</summary>
    public int FreezeD { get; }

    /// <summary>Names of D's parameters that are frozen (not in <see cref="DOptimizer"/>).</summary>
    public IReadOnlyList<string> FrozenD { get; }

    /// <summary>The generator being trained.</summary>
    public Generator G { get; }

    /// <summary>The discriminator being trained.</summary>
    public Discriminator D { get; }

    /// <summary>The moving average of G.</summary>
    public Generator G_ema { get; }

    /// <summary>The settings.</summary>
    public TrainingRecipe Recipe { get; }

    /// <summary>The loss, holding the path-length mean.</summary>
    public StyleGan2Loss Loss { get; }

    /// <summary>Adam over G's parameters.</summary>
    public torch.optim.Optimizer GOptimizer { get; }

    /// <summary>Adam over D's parameters.</summary>
    public torch.optim.Optimizer DOptimizer { get; }

    /// <summary>Minibatches done (decides when the regularisation phases run); settable to resume.</summary>
    public long BatchIndex { get; set; }

    /// <summary>Images seen (drives G_ema's ramp-up); settable to resume.</summary>
    public long CurNimg { get; set; }

    /// <summary>The phases the next <see cref="Run"/> runs, with their gains.</summary>
    public IReadOnlyList<(LossPhase Phase, double Gain)> NextPhases()
    {
        var phases = new List<(LossPhase, double)>();
        void Add(LossPhase main, LossPhase reg, LossPhase both, int? interval)
        {
            if (interval is null or 0)
            {
                phases.Add((both, 1));
                return;
            }
            phases.Add((main, 1));
            if (BatchIndex % interval.Value == 0) phases.Add((reg, interval.Value));
        }
        Add(LossPhase.Gmain, LossPhase.Greg, LossPhase.Gboth, Recipe.GRegInterval);
        Add(LossPhase.Dmain, LossPhase.Dreg, LossPhase.Dboth, Recipe.DRegInterval);
        return phases;
    }

    /// <summary>
    /// Trains on reals <paramref name="real"/> [N, C, R, R] in [-1, 1] with labels <paramref name="realC"/>; fakes get
    /// labels <paramref name="genC"/> (for conditional networks: labels drawn from the data set; the reals' labels when null).
    /// </summary>
    public TrainingStepResult Run(Tensor real, Tensor? realC = null, Tensor? genC = null)
    {
        var batch = real.size(0);
        genC ??= realC;
        G.train();
        D.train();
        var results = new List<PhaseLosses>();
        foreach (var (phase, gain) in NextPhases())
        {
            using var scope = torch.NewDisposeScope();
            var (module, optimizer) = phase.TrainsGenerator() ? ((torch.nn.Module)G, GOptimizer) : (D, DOptimizer);
            module.zero_grad(set_to_none: true);
            var z = Loss.Draws.Latents(batch, G.mapping.ZDim, real.device);
            results.Add(Loss.AccumulateGradients(phase, real, realC, z, genC, gain));
            using (torch.no_grad())
            {
                // A non-finite gradient element would poison Adam's moments for the rest of the run.
                foreach (var p in module.parameters()) p.grad?.nan_to_num_(0, 1e5, -1e5);
            }
            optimizer.step();
        }
        var beta = Recipe.Ema.Update(G_ema, G, batch, CurNimg);
        CurNimg += batch;
        BatchIndex++;
        if (Adaptive is { } ada)
        {
            foreach (var phase in results)
                if (phase.RealSignSum is { } sum && phase.RealCount is { } count) ada.Accumulate(sum, count);
            ada.AfterMinibatch(BatchIndex, checked((int)batch));
        }
        return new TrainingStepResult(results, beta, CurNimg) { AugmentP = Loss.Augment?.P };
    }

    /// <summary>Frees the optimizers and the loss state (not the networks).</summary>
    public void Dispose()
    {
        GOptimizer.Dispose();
        DOptimizer.Dispose();
        Loss.Dispose();
    }
}
