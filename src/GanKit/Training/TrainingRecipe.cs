using GanKit.Networks.Layers;

namespace GanKit.Training;

/// <summary>
/// The optimisation settings of a StyleGAN2 run: learning rates, Adam's betas, R1 γ, the lazy-regularisation
/// intervals, path-length weight, style mixing and G_ema's schedule. <see cref="TrainingPreset.Recipe"/> gives
/// the reference presets' values.
/// </summary>
/// <param name="GLearningRate">G's learning rate before the lazy correction.</param>
/// <param name="DLearningRate">D's learning rate before the lazy correction.</param>
/// <param name="R1Gamma">γ of R1.</param>
/// <param name="EmaKimg">G_ema half-life in thousands of images.</param>
/// <param name="EmaRampup">G_ema ramp-up (fraction of images seen), or null.</param>
/// <param name="GRegInterval">Path length every this many minibatches; null applies it every step together with the main loss.</param>
/// <param name="DRegInterval">R1 every this many minibatches; null applies it every step together with the main loss.</param>
/// <param name="PlWeight">Path-length weight (0 turns it off).</param>
/// <param name="StyleMixingProbability">Chance that a batch of fakes is style-mixed.</param>
/// <param name="Beta1">Adam β₁ before the lazy correction.</param>
/// <param name="Beta2">Adam β₂ before the lazy correction.</param>
/// <param name="Epsilon">Adam ε.</param>
public sealed record TrainingRecipe(double GLearningRate = 0.002, double DLearningRate = 0.002, double R1Gamma = 10,
    double EmaKimg = 10, double? EmaRampup = null, int? GRegInterval = 4, int? DRegInterval = 16, double PlWeight = 2,
    double StyleMixingProbability = 0.9, double Beta1 = 0, double Beta2 = 0.99, double Epsilon = 1e-8)
{
    /// <summary>G's Adam settings, corrected for <see cref="GRegInterval"/>.</summary>
    public AdamSettings GeneratorAdam => new AdamSettings(GLearningRate, Beta1, Beta2, Epsilon).ForLazyRegularization(GRegInterval);

    /// <summary>D's Adam settings, corrected for <see cref="DRegInterval"/>.</summary>
    public AdamSettings DiscriminatorAdam => new AdamSettings(DLearningRate, Beta1, Beta2, Epsilon).ForLazyRegularization(DRegInterval);

    /// <summary>G_ema's schedule.</summary>
    public GeneratorEma Ema => new(EmaKimg, EmaRampup);

    /// <summary>The loss settings, with synthesis noise <paramref name="noiseMode"/> (random when training).</summary>
    public LossOptions LossOptions(NoiseMode noiseMode = NoiseMode.Random) =>
        new(R1Gamma, PlWeight, StyleMixingProbability: StyleMixingProbability, NoiseMode: noiseMode);
}
