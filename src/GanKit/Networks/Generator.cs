using GanKit.Networks.Config;
using GanKit.Networks.Layers;

namespace GanKit.Networks;

/// <summary>
/// The StyleGAN2 generator G(z, c) = g(f(z, c)): a <see cref="MappingNetwork"/> to the intermediate latent
/// space W and a <see cref="SynthesisNetwork"/> from ws to an image. Parameter names match the reference,
/// so state dicts move between the two unchanged.
/// </summary>
public sealed class Generator : NetworkModule
{
    /// <summary>Creates a generator with fresh weights.</summary>
    public Generator(GeneratorConfig config)
    {
        Config = config.Validated("G");
        synthesis = RegisterModule("synthesis", new SynthesisNetwork(config.WDim, config.ImgResolution, config.ImgChannels, config.Synthesis));
        mapping = RegisterModule("mapping", new MappingNetwork(config.ZDim, config.CDim, config.WDim, synthesis.NumWs, config.Mapping));
    }

    /// <summary>The constructor arguments.</summary>
    public GeneratorConfig Config { get; }

    /// <summary>f: z → ws.</summary>
    public MappingNetwork mapping { get; }

    /// <summary>g: ws → image.</summary>
    public SynthesisNetwork synthesis { get; }

    /// <summary>Number of ws per image.</summary>
    public int NumWs => synthesis.NumWs;

    /// <summary>Images [N, C, R, R] in about [-1, 1] for latents z [N, z_dim] and labels c [N, c_dim] (null if unconditional).</summary>
    public Tensor forward(Tensor z, Tensor? c = null, double truncation_psi = 1, int? truncation_cutoff = null,
        NoiseMode noise_mode = NoiseMode.Random, bool force_fp32 = false)
    {
        using var scope = torch.NewDisposeScope();
        var ws = mapping.forward(z, c, truncation_psi, truncation_cutoff);
        return synthesis.forward(ws, noise_mode, force_fp32).MoveToOuterDisposeScope();
    }

    /// <summary>The device of the generator's weights.</summary>
    public Device device => mapping.layers[0].weight.device;
}
