using GanKit.Networks.Config;

namespace GanKit.Training;

/// <summary>
/// A <c>--cfg</c> preset of StyleGAN2-ADA's <c>train.py</c>: batch, minibatch-std group, network width (fmaps),
/// learning rate, R1 γ, G_ema schedule and mapping depth. The networks have channel_base = fmaps·32768,
/// channel_max 512, z = w = 512, conv_clamp 256 and float16 in the 4 highest-resolution blocks (on CUDA only).
/// <c>auto</c> derives its values from the resolution; the others are the papers' fixed settings.
/// Override with <c>with</c> (<c>--batch</c>, <c>--gamma</c>).
/// </summary>
/// <param name="Name">The <c>--cfg</c> name.</param>
/// <param name="Batch">Minibatch size.</param>
/// <param name="MbstdGroupSize">Minibatch-standard-deviation group size of D.</param>
/// <param name="Fmaps">Width multiplier: channel_base = fmaps·32768.</param>
/// <param name="LearningRate">Learning rate of G and D (before the lazy correction).</param>
/// <param name="Gamma">R1 γ.</param>
/// <param name="EmaKimg">G_ema half-life in thousands of images.</param>
/// <param name="EmaRampup">G_ema ramp-up, or null.</param>
/// <param name="MappingLayers">Depth of G's mapping network.</param>
/// <param name="PlWeight">Path-length weight (0 in <c>cifar</c>).</param>
/// <param name="StyleMixingProbability">Style-mixing probability (0 in <c>cifar</c>).</param>
public sealed record TrainingPreset(string Name, int Batch, int MbstdGroupSize, double Fmaps, double LearningRate, double Gamma,
    double EmaKimg, double? EmaRampup, int MappingLayers, double PlWeight = 2, double StyleMixingProbability = 0.9)
{
    /// <summary>Latent sizes z and w of every preset.</summary>
    public const int LatentDim = 512;

    /// <summary>Most channels of any layer.</summary>
    public const int ChannelMax = 512;

    /// <summary>Clamp of the convolution outputs.</summary>
    public const double ConvClamp = 256;

    /// <summary>Blocks run in float16 on CUDA (the highest resolutions).</summary>
    public const int NumFp16Res = 4;

    /// <summary>The <c>--cfg</c> names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["auto", "stylegan2", "paper256", "paper512", "paper1024", "cifar"];

    /// <summary>StyleGAN2's config F (1024², 8 GPUs).</summary>
    public static TrainingPreset StyleGan2 { get; } = new("stylegan2", 32, 4, 1, 0.002, 10, 10, null, 8);

    /// <summary>The ADA paper's 256² setting.</summary>
    public static TrainingPreset Paper256 { get; } = new("paper256", 64, 8, 0.5, 0.0025, 1, 20, null, 8);

    /// <summary>The ADA paper's 512² setting.</summary>
    public static TrainingPreset Paper512 { get; } = new("paper512", 64, 8, 1, 0.0025, 0.5, 20, null, 8);

    /// <summary>The ADA paper's 1024² setting.</summary>
    public static TrainingPreset Paper1024 { get; } = new("paper1024", 32, 4, 1, 0.002, 2, 10, null, 8);

    /// <summary>The ADA paper's CIFAR-10 setting: no path-length regularisation and no style mixing.</summary>
    public static TrainingPreset Cifar { get; } = new("cifar", 64, 32, 1, 0.0025, 0.01, 500, 0.05, 2, PlWeight: 0, StyleMixingProbability: 0);

    /// <summary>
    /// The <c>auto</c> preset for one device at <paramref name="resolution"/>: batch max(min(4096/res, 32), 1),
    /// mbstd min(batch, 4), fmaps 1 from 512² up else 0.5, lr 0.002 from 1024² up else 0.0025,
    /// γ 0.0002·res²/batch, ema batch·10/32 kimg with ramp-up 0.05, mapping depth 2.
    /// </summary>
    public static TrainingPreset Auto(int resolution)
    {
        CheckResolution(resolution);
        var batch = Math.Max(Math.Min(4096 / resolution, 32), 1);
        return new TrainingPreset("auto", batch, Math.Min(batch, 4), resolution >= 512 ? 1 : 0.5,
            resolution >= 1024 ? 0.002 : 0.0025, 0.0002 * resolution * resolution / batch, batch * 10.0 / 32, 0.05, 2);
    }

    /// <summary>The preset called <paramref name="name"/> (<see cref="Names"/>); <paramref name="resolution"/> is used by <c>auto</c>.</summary>
    public static TrainingPreset Get(string name, int resolution) => name switch
    {
        "auto" => Auto(resolution),
        "stylegan2" => StyleGan2,
        "paper256" => Paper256,
        "paper512" => Paper512,
        "paper1024" => Paper1024,
        "cifar" => Cifar,
        _ => throw new ArgumentException($"--cfg: unknown preset '{name}'; expected one of {string.Join(", ", Names)}", nameof(name)),
    };

    /// <summary>channel_base = fmaps·32768.</summary>
    public int ChannelBase => (int)Math.Round(Fmaps * 32768);

    /// <summary>The optimisation settings of this preset.</summary>
    public TrainingRecipe Recipe() => new(LearningRate, LearningRate, Gamma, EmaKimg, EmaRampup,
        PlWeight: PlWeight, StyleMixingProbability: StyleMixingProbability);

    /// <summary>The generator of this preset for images of <paramref name="resolution"/>² with <paramref name="imgChannels"/> channels and <paramref name="cDim"/> labels.</summary>
    /// <param name="fp16">Run the highest-resolution blocks in float16 (CUDA only).</param>
    public GeneratorConfig Generator(int resolution, int imgChannels = 3, int cDim = 0, bool fp16 = false)
    {
        CheckResolution(resolution);
        return new GeneratorConfig(LatentDim, cDim, LatentDim, resolution, imgChannels,
            new MappingConfig(NumLayers: MappingLayers),
            new SynthesisConfig(ChannelBase, ChannelMax, fp16 ? NumFp16Res : 0, ConvClamp));
    }

    /// <summary>The discriminator of this preset (see <see cref="Generator"/>).</summary>
    public DiscriminatorConfig Discriminator(int resolution, int imgChannels = 3, int cDim = 0, bool fp16 = false)
    {
        CheckResolution(resolution);
        return new DiscriminatorConfig(cDim, resolution, imgChannels, ChannelBase, ChannelMax, fp16 ? NumFp16Res : 0, ConvClamp,
            MbstdGroupSize: MbstdGroupSize);
    }

    private static void CheckResolution(int resolution)
    {
        if (resolution < 4 || (resolution & (resolution - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "training preset: the resolution must be a power of two ≥ 4");
    }
}
