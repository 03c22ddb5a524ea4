using GanKit.Networks;
using GanKit.Training.Augment;

namespace GanKit.Training;

/// <summary>
/// The StyleGAN2 training objective, phase by phase: the non-saturating logistic loss for G and D, path-length
/// regularisation for G and R1 for D (lazy: as separate phases with the interval as gain), and style mixing of
/// the fakes. Each call adds the phase's gradients (mean loss × gain) to the trained network's parameters, as
/// <c>backward</c> does; the caller zeroes them before a phase and steps its optimizer after. The other network
/// gets no gradients. G should be in training mode, so that the mapping tracks w̄.
/// </summary>
public sealed class StyleGan2Loss : IDisposable
{
    /// <summary>The loss for <paramref name="G"/> against <paramref name="D"/>, drawing from <paramref name="draws"/> (torch's RNG when null).</summary>
    public StyleGan2Loss(Generator G, Discriminator D, LossOptions? options = null, IRandomDraws? draws = null)
    {
        this.G = G;
        this.D = D;
        Options = options ?? new LossOptions();
        Draws = draws ?? new TorchRandomDraws();
        StyleMixing = new StyleMixing(Options.StyleMixingProbability);
        PathLength = new PathLengthRegularization(Options.PlWeight, Options.PlDecay, Options.PlBatchShrink);
        R1 = new R1Regularization(Options.R1Gamma);
    }

    /// <summary>The generator trained by the G phases.</summary>
    public Generator G { get; }

    /// <summary>The discriminator trained by the D phases.</summary>
    public Discriminator D { get; }

    /// <summary>The settings.</summary>
    public LossOptions Options { get; }

    /// <summary>Where the random numbers come from.</summary>
    public IRandomDraws Draws { get; }

    /// <summary>Mixing regularisation of the fakes.</summary>
    public StyleMixing StyleMixing { get; }

    /// <summary>G's regulariser, holding the running mean <c>pl_mean</c>.</summary>
    public PathLengthRegularization PathLength { get; }

    /// <summary>D's regulariser.</summary>
    public R1Regularization R1 { get; }

    /// <summary>The augmentation in front of D (ADA), or null for none.</summary>
    public AugmentPipeline? Augment { get; set; }

    /// <summary>D's logits for images it sees through <see cref="Augment"/>.</summary>
    public Tensor RunD(Tensor images, Tensor? c) => D.forward(Augment is { } pipe ? pipe.Augment(images) : images, c);

    /// <summary>
    /// Fakes for latents <paramref name="z"/> and labels <paramref name="c"/>: the mapping (tracking w̄ in training
    /// mode), style mixing, then synthesis with <see cref="LossOptions.NoiseMode"/>. Returns the images and the ws
    /// they were synthesised from (what the path-length Jacobian is taken against).
    /// </summary>
    public (Tensor Images, Tensor Ws) RunG(Tensor z, Tensor? c)
    {
        using var scope = torch.NewDisposeScope();
        var ws = G.mapping.forward(z, c);
        ws = StyleMixing.Apply(G.mapping, ws, z, c, Draws);
        var images = G.synthesis.forward(ws, Options.NoiseMode);
        return (images.MoveToOuterDisposeScope(), ws.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Runs <paramref name="phase"/> on one batch: reals <paramref name="real"/> with labels <paramref name="realC"/>,
    /// fakes from <paramref name="genZ"/> with labels <paramref name="genC"/> (null when unconditional), and adds
    /// gradient × <paramref name="gain"/> to the phase's network (the regularisation interval for lazy
    /// regularisation phases, else 1).
    /// </summary>
    public PhaseLosses AccumulateGradients(LossPhase phase, Tensor real, Tensor? realC, Tensor genZ, Tensor? genC, double gain = 1)
    {
        if (!(gain > 0) || double.IsInfinity(gain)) throw new ArgumentOutOfRangeException(nameof(gain), gain, "loss: the gain must be a finite number > 0");
        using var scope = torch.NewDisposeScope();
        return phase.TrainsGenerator()
            ? GeneratorPhase(phase, genZ, genC, gain)
            : DiscriminatorPhase(phase, real, realC, genZ, genC, gain);
    }

    private PhaseLosses GeneratorPhase(LossPhase phase, Tensor genZ, Tensor? genC, double gain)
    {
        using var frozen = new FrozenParameters(D);
        var result = new PhaseLosses(phase);
        if (phase.HasMainLoss())
        {
            var (images, _) = RunG(genZ, genC);
            var logits = RunD(images, genC);
            var loss = LogisticLoss.Generator(logits).mean();
            (loss * gain).backward();
            result = result with { GeneratorLoss = loss.ToDouble(), FakeScore = logits.mean().ToDouble() };
        }
        if (phase.HasRegularization() && PathLength.Weight > 0)
        {
            var n = PathLength.ShrunkBatch(genZ.size(0));
            var (images, ws) = RunG(genZ.narrow(0, 0, n), genC?.narrow(0, 0, n));
            var (penalty, lengths) = PathLength.Penalty(images, ws, Draws.PathLengthNoise(images));
            // 0 · (one pixel per image) joins the whole forward graph, so every parameter gets a gradient (zero where
            // the Jacobian does not depend on it, as the last toRGB bias) and its Adam state advances with the rest.
            var connected = images.select(1, 0).select(1, 0).select(1, 0) * 0 + penalty;
            (connected.mean() * gain).backward();
            result = result with
            {
                PathLengthPenalty = penalty.mean().ToDouble(),
                PathLength = lengths.mean().ToDouble(),
                PlMean = PathLength.PlMean,
            };
        }
        return result;
    }

    private PhaseLosses DiscriminatorPhase(LossPhase phase, Tensor real, Tensor? realC, Tensor genZ, Tensor? genC, double gain)
    {
        var result = new PhaseLosses(phase);
        if (phase.HasMainLoss())
        {
            Tensor fakes;
            using (torch.no_grad()) fakes = RunG(genZ, genC).Images;
            var logits = RunD(fakes, genC);
            var loss = LogisticLoss.DiscriminatorFake(logits).mean();
            (loss * gain).backward();
            result = result with { DiscriminatorLossFake = loss.ToDouble(), FakeScore = logits.mean().ToDouble() };
        }

        var regularize = phase.HasRegularization() && R1.Gamma > 0;
        if (!phase.HasMainLoss() && !regularize) return result;
        var reals = real.detach().requires_grad_(regularize);
        var realLogits = RunD(reals, realC).flatten();
        Tensor total;
        if (phase.HasMainLoss())
        {
            var lossReal = LogisticLoss.DiscriminatorReal(realLogits);
            result = result with
            {
                DiscriminatorLossReal = lossReal.mean().ToDouble(), RealScore = realLogits.mean().ToDouble(),
                RealSignSum = realLogits.detach().sign().sum().ToDouble(), RealCount = realLogits.size(0),
            };
            total = lossReal;
        }
        else
        {
            // 0 · D(x) keeps the output layer's bias (on which ∇ₓD does not depend) in the graph: a zero gradient.
            total = realLogits * 0;
        }
        if (regularize)
        {
            var norm = R1Regularization.GradientNorm(realLogits, reals);
            total = total + R1.Loss(norm);
            result = result with { R1Penalty = norm.mean().ToDouble() };
        }
        (total.mean() * gain).backward();
        return result;
    }

    /// <summary>Frees the path-length state.</summary>
    public void Dispose() => PathLength.Dispose();
}
