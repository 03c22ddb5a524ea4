namespace GanKit.Latent.Projection;

/// <summary>
/// Settings of <see cref="Projector"/>. The schedule is the StyleGAN2 paper's (Karras et al. 2020, appendix D): 1000
/// Adam steps at a peak learning rate of 0.1, ramped up over the first 5% of steps and down with a cosine over the last
/// 25%, the noise maps' autocorrelation penalty weighted 10⁵. Where GanKit's defaults differ, measured on in-domain
/// recovery (the README's tables): no noise added to w (the paper adds 0.05·σ_w, fading out by 75% of the steps:
/// <c>InitialWNoise = 0.05</c>), and the search starts from the best of 8 short trials instead of w_avg alone.
/// </summary>
public sealed record ProjectorOptions
{
    /// <summary>Optimisation steps.</summary>
    public int NumSteps { get; init; } = 1000;

    /// <summary>Which latent to optimise.</summary>
    public ProjectionSpace Space { get; init; } = ProjectionSpace.W;

    /// <summary>
    /// In <see cref="ProjectionSpace.WPlus"/>, the share of the steps spent on one shared w before each layer gets its
    /// own copy to refine (0: per-layer from the start). Searching all of W+ (num_ws × w_dim numbers) from the start
    /// stalls in poorer optima (on the shared small network 24.9–26.4 dB against 29.5 dB for W after 500 steps); one w
    /// first finds the region, and the untied layers then fit the details while the learning rate ramps down. Untying
    /// at 0.9 ended at or above W on each of 10 seeds; at 0.75, below W on four of them.
    /// </summary>
    public double WPlusUntie { get; init; } = 0.9;

    /// <summary>Seeds every random draw of the projection (σ_w samples, initial noise maps, noise added to w).</summary>
    public long Seed { get; init; } = 303;

    /// <summary>The distances and their weights (default: <see cref="ProjectionLossWeights.Offline"/>).</summary>
    public ProjectionLossWeights LossWeights { get; init; } = ProjectionLossWeights.Offline;

    /// <summary>Peak learning rate of Adam.</summary>
    public double LearningRate { get; init; } = 0.1;

    /// <summary>Share of the steps over which the learning rate rises linearly from 0.</summary>
    public double LearningRateRampUp { get; init; } = 0.05;

    /// <summary>Share of the steps at the end over which the learning rate falls to 0 along a half cosine.</summary>
    public double LearningRateRampDown { get; init; } = 0.25;

    /// <summary>
    /// Initial strength of the noise added to w, in units of σ_w (the paper: 0.05). GanKit adds none by default: the
    /// noise is 0.05·σ_w per coordinate, a jump as large as half the distance to a typical target, and it cost
    /// 8–10 dB of in-domain recovery within 500 steps; <see cref="Starts"/> does the looking around instead.
    /// </summary>
    public double InitialWNoise { get; init; }

    /// <summary>Share of the steps after which no noise is added to w (the strength falls as (1 − t/ramp)²).</summary>
    public double WNoiseRamp { get; init; } = 0.75;

    /// <summary>Weight of the noise maps' multi-scale autocorrelation penalty.</summary>
    public double NoiseRegularization { get; init; } = 1e5;

    /// <summary>Whether the per-layer noise maps are optimised (else they stay the network's stored noise).</summary>
    public bool OptimizeNoise { get; init; } = true;

    /// <summary>
    /// The noise maps' learning rate relative to w's. The paper uses the same rate; GanKit's default is 0.1 because at
    /// the full rate the R² free values of each map soak up the residual while w is still far off, and keep it
    /// (in-domain recovery on the shared small network lost about 2.5 dB in PSNR).
    /// </summary>
    public double NoiseLearningRateScale { get; init; } = 0.1;

    /// <summary>
    /// Start the noise maps from fresh N(0, I) draws (as the paper does) instead of the network's stored noise. The
    /// stored noise is what <c>generate --projected-w</c> uses, since a projected-latents file keeps only w; starting
    /// from it keeps the saved w faithful to the projection, and it is itself an N(0, I) draw.
    /// </summary>
    public bool RandomInitialNoise { get; init; }

    /// <summary>
    /// Starting points tried before the projection (1: w_avg only, as the paper; default 8). With more, w_avg and
    /// <c>Starts − 1</c> mapped random latents (truncated towards w_avg by <see cref="StartPsi"/>) each get a short trial
    /// run of <see cref="StartTrial"/> of the steps (w only, no noise added to w); the projection then starts where the
    /// best trial ended. One start can stall in a poor optimum that another avoids (on the shared small network two
    /// seeds of ten stayed under 25 dB from w_avg and reached 37–38 dB from the best of 8); the trials cost little.
    /// </summary>
    public int Starts { get; init; } = 8;

    /// <summary>Share of <see cref="NumSteps"/> each trial of <see cref="Starts"/> runs.</summary>
    public double StartTrial { get; init; } = 0.1;

    /// <summary>Truncation ψ of the random starting points of <see cref="Starts"/> (0: all at w_avg, 1: as sampled).</summary>
    public double StartPsi { get; init; } = 0.7;

    /// <summary>Mapped samples for w_avg and σ_w.</summary>
    public int WAvgSamples { get; init; } = 10_000;

    /// <summary>Steps between <see cref="Projector.StepCompleted"/> events (each reads the loss back from the device once).</summary>
    public int ProgressEvery { get; init; } = 10;

    /// <summary>Steps between events that carry the current image (0: never); a multiple of <see cref="ProgressEvery"/> is cheapest.</summary>
    public int ImageEvery { get; init; }

    /// <summary>Throws when a setting is out of range; messages name the setting.</summary>
    public void Validate()
    {
        if (NumSteps < 1) throw new ArgumentException($"--num-steps must be at least 1, got {NumSteps}");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"learning rate must be positive, got {LearningRate}");
        if (!(LearningRateRampUp >= 0 && LearningRateRampUp <= 1)) throw new ArgumentException($"learning-rate ramp-up must be in [0, 1], got {LearningRateRampUp}");
        if (!(LearningRateRampDown > 0 && LearningRateRampDown <= 1)) throw new ArgumentException($"learning-rate ramp-down must be in (0, 1], got {LearningRateRampDown}");
        if (!(InitialWNoise >= 0) || !double.IsFinite(InitialWNoise)) throw new ArgumentException($"--w-noise (initial noise added to w) must be ≥ 0, got {InitialWNoise}");
        if (!(WNoiseRamp > 0 && WNoiseRamp <= 1)) throw new ArgumentException($"w noise ramp must be in (0, 1], got {WNoiseRamp}");
        if (!(NoiseRegularization >= 0) || !double.IsFinite(NoiseRegularization)) throw new ArgumentException($"noise regularisation weight must be ≥ 0, got {NoiseRegularization}");
        if (!(WPlusUntie >= 0 && WPlusUntie < 1)) throw new ArgumentException($"W+ untie point must be in [0, 1), got {WPlusUntie}");
        if (!(NoiseLearningRateScale >= 0) || !double.IsFinite(NoiseLearningRateScale)) throw new ArgumentException($"noise learning-rate scale must be ≥ 0, got {NoiseLearningRateScale}");
        if (Starts < 1) throw new ArgumentException($"--starts must be at least 1, got {Starts}");
        if (!(StartTrial > 0 && StartTrial <= 1)) throw new ArgumentException($"start trial share must be in (0, 1], got {StartTrial}");
        if (!(StartPsi >= 0 && StartPsi <= 1)) throw new ArgumentException($"start truncation ψ must be in [0, 1], got {StartPsi}");
        if (WAvgSamples < 2) throw new ArgumentException($"w_avg samples must be at least 2, got {WAvgSamples}");
        if (ProgressEvery < 1) throw new ArgumentException($"progress interval must be at least 1 step, got {ProgressEvery}");
        if (ImageEvery < 0) throw new ArgumentException($"image interval must be ≥ 0 steps, got {ImageEvery}");
        LossWeights.Validate();
    }

    /// <summary>The learning rate at step <paramref name="step"/> of <paramref name="numSteps"/>: linear ramp-up times cosine ramp-down.</summary>
    public double LearningRateAt(int step, int numSteps)
    {
        var t = (double)step / numSteps;
        var rampDown = 0.5 - 0.5 * Math.Cos(Math.PI * Math.Min(1, (1 - t) / LearningRateRampDown));
        var rampUp = LearningRateRampUp > 0 ? Math.Min(1, t / LearningRateRampUp) : 1;
        return LearningRate * rampDown * rampUp;
    }

    /// <summary>The strength of the noise added to w at step <paramref name="step"/>, in units of σ_w.</summary>
    public double WNoiseAt(int step, int numSteps)
    {
        var t = (double)step / numSteps;
        var left = Math.Max(0, 1 - t / WNoiseRamp);
        return InitialWNoise * left * left;
    }
}
