using GanKit.Networks.Ops;
using static GanKit.Networks.Ops.ModulatedConv2d;

namespace GanKit.Networks.Layers;

/// <summary>
/// One style-modulated 3×3 convolution of the synthesis network: the affine map A turns w into styles, the
/// convolution is modulated and demodulated, per-pixel noise B is added, then bias and leaky ReLU.
/// </summary>
public sealed class SynthesisLayer : NetworkModule
{
    private readonly int _resolution;
    private readonly int _up;
    private readonly int _padding;
    private readonly double? _convClamp;

    /// <summary>Creates the layer with fresh weights.</summary>
    public SynthesisLayer(int in_channels, int out_channels, int w_dim, int resolution, int kernel_size = 3, int up = 1,
        bool use_noise = true, double[]? resample_filter = null, double? conv_clamp = null)
    {
        _resolution = resolution;
        _up = up;
        _padding = kernel_size / 2;
        _convClamp = conv_clamp;
        affine = RegisterModule("affine", new FullyConnectedLayer(w_dim, in_channels, bias_init: 1));
        weight = RegisterParameter("weight", torch.randn([out_channels, in_channels, kernel_size, kernel_size]));
        bias = RegisterParameter("bias", torch.zeros([out_channels]));
        this.resample_filter = RegisterBuffer("resample_filter", Upfirdn2d.setup_filter(resample_filter ?? [1, 3, 3, 1]));
        if (use_noise)
        {
            noise_const = RegisterBuffer("noise_const", torch.randn([resolution, resolution]));
            noise_strength = RegisterParameter("noise_strength", torch.zeros([]));
        }
    }

    /// <summary>A: w → per-input-channel styles (bias initialised to 1 so styles start near identity).</summary>
    public FullyConnectedLayer affine { get; }

    /// <summary>Convolution weight, [out, in, k, k].</summary>
    public readonly Parameter weight;

    /// <summary>Bias, [out].</summary>
    public readonly Parameter bias;

    /// <summary>The FIR filter for the 2× upsampling layers.</summary>
    public readonly Tensor resample_filter;

    /// <summary>The stored noise image for <see cref="NoiseMode.Const"/>, or null without noise.</summary>
    public readonly Tensor? noise_const;

    /// <summary>B: the learned scale of the noise, or null without noise.</summary>
    public readonly Parameter? noise_strength;

    /// <summary>Applies the layer to features <paramref name="x"/> with latent <paramref name="w"/> ([N, w_dim]).</summary>
    public Tensor forward(Tensor x, Tensor w, NoiseMode noise_mode = NoiseMode.Random, bool fused_modconv = true, double gain = 1)
    {
        using var scope = torch.NewDisposeScope();
        var styles = affine.forward(w);
        Tensor? noise = null;
        if (noise_strength is not null && noise_mode == NoiseMode.Random)
            noise = torch.randn([x.size(0), 1, _resolution, _resolution], device: x.device) * noise_strength;
        else if (noise_strength is not null && noise_mode == NoiseMode.Const)
            noise = noise_const! * noise_strength;

        var actGain = Activation.LRelu.DefaultGain() * gain;
        var clamp = _convClamp is { } c ? c * gain : (double?)null;
        if (actGain <= 0)
        {
            x = modulated_conv2d(x, weight, styles, noise, up: _up, padding: _padding, resample_filter: resample_filter,
                flip_weight: _up == 1, fused_modconv: fused_modconv);
            return BiasAct.bias_act(x, bias.to(x.dtype), Activation.LRelu, actGain, clamp).MoveToOuterDisposeScope();
        }
        // lrelu(x + b)·g = lrelu((x + b)·g) for g > 0: the convolution's epilogue adds noise and bias and applies the
        // gain in two passes over the output, and the activation runs in place.
        x = modulated_conv2d(x, weight, styles, noise, up: _up, padding: _padding, resample_filter: resample_filter,
            flip_weight: _up == 1, fused_modconv: fused_modconv, bias: bias.to(x.dtype), gain: actGain);
        return BiasAct.Activate(x, Activation.LRelu, clamp, inPlace: true).MoveToOuterDisposeScope();
    }
}
