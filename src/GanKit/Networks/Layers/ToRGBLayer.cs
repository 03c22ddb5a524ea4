using GanKit.Networks.Ops;
using static GanKit.Networks.Ops.ModulatedConv2d;

namespace GanKit.Networks.Layers;

/// <summary>
/// tRGB: a modulated 1×1 convolution without demodulation that turns features into an RGB contribution,
/// summed over resolutions in the skip architecture (StyleGAN2, §4.1).
/// </summary>
public sealed class ToRGBLayer : NetworkModule
{
    private readonly double _weightGain;
    private readonly double? _convClamp;

    /// <summary>Creates the layer with fresh weights.</summary>
    public ToRGBLayer(int in_channels, int out_channels, int w_dim, int kernel_size = 1, double? conv_clamp = null)
    {
        _convClamp = conv_clamp;
        _weightGain = 1 / Math.Sqrt(in_channels * kernel_size * kernel_size);
        affine = RegisterModule("affine", new FullyConnectedLayer(w_dim, in_channels, bias_init: 1));
        weight = RegisterParameter("weight", torch.randn([out_channels, in_channels, kernel_size, kernel_size]));
        bias = RegisterParameter("bias", torch.zeros([out_channels]));
    }

    /// <summary>A: w → styles.</summary>
    public FullyConnectedLayer affine { get; }

    /// <summary>Weight, [img_channels, in, k, k].</summary>
    public readonly Parameter weight;

    /// <summary>Bias, [img_channels].</summary>
    public readonly Parameter bias;

    /// <summary>The RGB contribution of features <paramref name="x"/> under latent <paramref name="w"/>.</summary>
    public Tensor forward(Tensor x, Tensor w, bool fused_modconv = true)
    {
        using var scope = torch.NewDisposeScope();
        var styles = affine.forward(w) * _weightGain;
        x = modulated_conv2d(x, weight, styles, demodulate: false, fused_modconv: fused_modconv, bias: bias.to(x.dtype));
        return BiasAct.Activate(x, Activation.Linear, _convClamp, inPlace: true).MoveToOuterDisposeScope();
    }
}
