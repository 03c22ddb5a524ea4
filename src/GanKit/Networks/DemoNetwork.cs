using GanKit.Networks.Config;

namespace GanKit.Networks;

/// <summary>
/// GanKit's embedded default network: a small StyleGAN2 generator (64×64) built from a fixed seed, with its
/// <c>w_avg</c> estimated from 2,000 mapped latents so truncation behaves as in a trained network. It is
/// untrained — its images are abstract colour fields — but every technique (seeds, truncation, style mixing,
/// interpolation) runs on it exactly as on NVIDIA's networks, offline and in seconds on a laptop.
/// </summary>
public static class DemoNetwork
{
    /// <summary>The embedded configuration.</summary>
    public static GeneratorConfig Config { get; } = new(ZDim: 64, CDim: 0, WDim: 64, ImgResolution: 64, ImgChannels: 3,
        new MappingConfig(NumLayers: 4), new SynthesisConfig(ChannelBase: 2048, ChannelMax: 128));

    /// <summary>Builds the default generator (deterministic for a given <paramref name="seed"/>).</summary>
    public static Generator Create(ulong seed = 2020, Device? device = null)
    {
        torch.manual_seed(checked((long)seed));
        var G = new Generator(Config);
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
        {
            var z = torch.randn([2000, Config.ZDim]);
            var w = G.mapping.forward(z, null, skip_w_avg_update: true);
            G.mapping.w_avg!.copy_(w.select(1, 0).mean([0]));
        }
        G.eval();
        if (device is { } d && d.type != DeviceType.CPU) G.to(d);
        return G;
    }
}
