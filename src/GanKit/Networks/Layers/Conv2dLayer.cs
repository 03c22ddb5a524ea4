using GanKit.Networks.Ops;
using static GanKit.Networks.Ops.Conv2dResample;

namespace GanKit.Networks.Layers;

/// <summary>
/// A convolution with equalised learning rate, optional FIR-filtered 2× up/downsampling, bias, activation and
/// clamp: the discriminator's building block.
/// </summary>
public sealed class Conv2dLayer : NetworkModule
{
    private readonly int _up;
    private readonly int _down;
    private readonly int _padding;
    private readonly double _weightGain;
    private readonly double? _convClamp;

    /// <summary>Creates the layer with fresh weights.</summary>
    public Conv2dLayer(int in_channels, int out_channels, int kernel_size, bool bias = true, Activation activation = Activation.Linear,
        int up = 1, int down = 1, double[]? resample_filter = null, double? conv_clamp = null)
    {
        Activation = activation;
        _up = up;
        _down = down;
        _convClamp = conv_clamp;
        _padding = kernel_size / 2;
        _weightGain = 1 / Math.Sqrt(in_channels * kernel_size * kernel_size);
        this.resample_filter = RegisterBuffer("resample_filter", Upfirdn2d.setup_filter(resample_filter ?? [1, 3, 3, 1]));
        weight = RegisterParameter("weight", torch.randn([out_channels, in_channels, kernel_size, kernel_size]));
        this.bias = bias ? RegisterParameter("bias", torch.zeros([out_channels])) : null;
    }

    /// <summary>The activation.</summary>
    public Activation Activation { get; }

    /// <summary>Stored weight, [out, in, k, k].</summary>
    public readonly Parameter weight;

    /// <summary>Stored bias, or null.</summary>
    public readonly Parameter? bias;

    /// <summary>The normalised 2-D FIR filter used for resampling.</summary>
    public readonly Tensor resample_filter;

    /// <summary>Convolves; <paramref name="gain"/> scales the output (and the clamp), e.g. √½ in residual blocks.</summary>
    public Tensor forward(Tensor x, double gain = 1)
    {
        using var scope = torch.NewDisposeScope();
        var actGain = Activation.DefaultGain() * gain;
        var clamp = _convClamp is { } c ? c * gain : (double?)null;
        if (actGain <= 0)
        {
            x = conv2d_resample(x, (weight * _weightGain).to(x.dtype), resample_filter, _up, _down, _padding, flip_weight: _up == 1);
            return BiasAct.bias_act(x, bias?.to(x.dtype), Activation, actGain, clamp).MoveToOuterDisposeScope();
        }
        // act(conv(x, w)·g + b·g) = act(conv(x, w) + b)·g for g > 0, so the gain scales the (small) weight and bias
        // rather than the output, the convolution adds the bias as it writes, and the activation runs in place:
        // one pass over the output instead of three.
        var w = weight * (_weightGain * actGain);
        var b = bias is null ? null : bias * actGain;
        // flip_weight only fixes the sign convention; the reference uses correlation unless upsampling.
        x = conv2d_resample(x, w.to(x.dtype), resample_filter, _up, _down, _padding, flip_weight: _up == 1, bias: b?.to(x.dtype));
        return BiasAct.Activate(x, Activation, clamp, inPlace: true).MoveToOuterDisposeScope();
    }
}
