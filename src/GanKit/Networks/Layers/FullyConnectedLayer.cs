using GanKit.Networks.Ops;

namespace GanKit.Networks.Layers;

/// <summary>
/// A fully connected layer with equalised learning rate (Karras et al. 2018, §4.1): weights are stored as
/// N(0, 1)/lr_multiplier and scaled at run time by lr_multiplier/√fan_in, so every layer learns at the same pace.
/// </summary>
public sealed class FullyConnectedLayer : NetworkModule
{
    private readonly double _weightGain;
    private readonly double _biasGain;

    /// <summary>Creates the layer with fresh weights.</summary>
    public FullyConnectedLayer(int in_features, int out_features, bool bias = true, Activation activation = Activation.Linear,
        double lr_multiplier = 1, double bias_init = 0)
    {
        InFeatures = in_features;
        OutFeatures = out_features;
        Activation = activation;
        weight = RegisterParameter("weight", torch.randn([out_features, in_features]).div_(lr_multiplier));
        this.bias = bias ? RegisterParameter("bias", torch.full([out_features], bias_init)) : null;
        _weightGain = lr_multiplier / Math.Sqrt(in_features);
        _biasGain = lr_multiplier;
    }

    /// <summary>Input width.</summary>
    public int InFeatures { get; }

    /// <summary>Output width.</summary>
    public int OutFeatures { get; }

    /// <summary>The activation after the affine map.</summary>
    public Activation Activation { get; }

    /// <summary>Stored (unscaled) weight, [out, in].</summary>
    public readonly Parameter weight;

    /// <summary>Stored bias, [out], or null.</summary>
    public readonly Parameter? bias;

    /// <summary>act(x·(gain·W)ᵀ + lr·b).</summary>
    public Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var w = weight.to(x.dtype) * _weightGain;
        var b = bias?.to(x.dtype);
        if (b is not null && _biasGain != 1) b = b * _biasGain;
        var y = Activation == Activation.Linear && b is not null
            ? torch.addmm(b.unsqueeze(0), x, w.t(), beta: 1, alpha: 1)
            : BiasAct.bias_act(x.matmul(w.t()), b, Activation);
        return y.MoveToOuterDisposeScope();
    }
}
