using GanKit.Networks.Config;

namespace GanKit.Networks;

/// <summary>What a counted layer is: the kinds of work <see cref="GeneratorFlops"/> counts.</summary>
public enum FlopKind
{
    /// <summary>A fully connected layer of the mapping network (and its label embedding).</summary>
    Mapping,
    /// <summary>An affine map A: w → styles of a synthesis layer or tRGB.</summary>
    Affine,
    /// <summary>A modulated 3×3 convolution (the 2× upsampling conv0 or the stride-1 conv1).</summary>
    Conv,
    /// <summary>A tRGB 1×1 convolution.</summary>
    ToRgb,
}

/// <summary>One counted layer: its module name (as in state-dict keys), its kind and its FLOPs per image.</summary>
/// <param name="Name">Module name, e.g. <c>synthesis.b64.conv0</c> or <c>synthesis.b64.conv0.affine</c>.</param>
/// <param name="Kind">What kind of work it is.</param>
/// <param name="Flops">Floating-point operations per image (a multiply-add counts as 2).</param>
public sealed record LayerFlops(string Name, FlopKind Kind, double Flops);

/// <summary>
/// The arithmetic of one generator forward pass, counted analytically from the configuration, for reporting
/// achieved GFLOP/s.
/// <para>
/// Counted (a multiply-add is 2 FLOPs): every fully connected layer (mapping, label embedding, the affine maps
/// producing styles) as 2·in·out; every stride-1 modulated convolution as 2·out·in·k²·H·W at its output
/// resolution; the 2× upsampling convolution, a stride-2 transposed convolution over the half-resolution input,
/// as 2·out·in·k²·(H/2)·(W/2) — the multiply-adds it needs, not those of an equivalent convolution on a
/// zero-stuffed image; tRGB as a 1×1 convolution.
/// </para>
/// <para>
/// Not counted: the FIR filters (the [1,3,3,1] smoothing after each upsampling convolution and the upsampling of
/// the skip image), the per-sample weight modulation and demodulation (about 4·out·in·k² per layer and image,
/// small beside the convolution above 4×4), bias, activation, clamping, noise, normalisation of z, broadcasting
/// and truncation. So the figure is a lower bound on the arithmetic done; all that is left out is memory-bound
/// elementwise work or small.
/// </para>
/// </summary>
public sealed class GeneratorFlops
{
    private GeneratorFlops(IReadOnlyList<LayerFlops> layers) => Layers = layers;

    /// <summary>Every counted layer, mapping first, then synthesis from 4×4 up.</summary>
    public IReadOnlyList<LayerFlops> Layers { get; }

    /// <summary>FLOPs per generated image.</summary>
    public double PerImage => Layers.Sum(l => l.Flops);

    /// <summary>FLOPs per image of one kind of layer.</summary>
    public double Of(FlopKind kind) => Layers.Where(l => l.Kind == kind).Sum(l => l.Flops);

    /// <summary>Counts the FLOPs of <c>G(z, c)</c> (mapping and synthesis) for a configuration.</summary>
    public static GeneratorFlops Count(GeneratorConfig config)
    {
        var layers = new List<LayerFlops>();
        static double Fc(long inFeatures, long outFeatures) => 2.0 * inFeatures * outFeatures;

        // Mapping: the label embedding, then num_layers fully connected layers z (+ embedded c) → w.
        var mapping = config.Mapping;
        var embed = config.CDim == 0 ? 0 : mapping.EmbedFeatures ?? config.WDim;
        var hidden = mapping.LayerFeatures ?? config.WDim;
        if (config.CDim > 0) layers.Add(new("mapping.embed", FlopKind.Mapping, Fc(config.CDim, embed)));
        for (var i = 0; i < mapping.NumLayers; i++)
        {
            var inFeatures = i == 0 ? config.ZDim + embed : hidden;
            var outFeatures = i == mapping.NumLayers - 1 ? config.WDim : hidden;
            layers.Add(new($"mapping.fc{i}", FlopKind.Mapping, Fc(inFeatures, outFeatures)));
        }

        // Synthesis: per resolution conv0 (up, except at 4×4), conv1 and tRGB, each with its affine map.
        var synthesis = config.Synthesis;
        int Channels(int res) => Math.Min(synthesis.ChannelBase / res, synthesis.ChannelMax);
        const int k = 3;
        for (var res = 4; res <= config.ImgResolution; res *= 2)
        {
            var prefix = $"synthesis.b{res}";
            long outChannels = Channels(res), pixels = (long)res * res;
            if (res > 4)
            {
                long inChannels = Channels(res / 2), inputPixels = pixels / 4;
                layers.Add(new($"{prefix}.conv0.affine", FlopKind.Affine, Fc(config.WDim, inChannels)));
                layers.Add(new($"{prefix}.conv0", FlopKind.Conv, 2.0 * outChannels * inChannels * k * k * inputPixels));
            }
            layers.Add(new($"{prefix}.conv1.affine", FlopKind.Affine, Fc(config.WDim, outChannels)));
            layers.Add(new($"{prefix}.conv1", FlopKind.Conv, 2.0 * outChannels * outChannels * k * k * pixels));
            layers.Add(new($"{prefix}.torgb.affine", FlopKind.Affine, Fc(config.WDim, outChannels)));
            layers.Add(new($"{prefix}.torgb", FlopKind.ToRgb, 2.0 * config.ImgChannels * outChannels * pixels));
        }
        return new GeneratorFlops(layers);
    }
}
