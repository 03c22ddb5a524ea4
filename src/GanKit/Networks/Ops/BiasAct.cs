using F = TorchSharp.torch.nn.functional;

namespace GanKit.Networks.Ops;

/// <summary>Bias, activation, gain and clamp: the epilogue of every layer.</summary>
public static class BiasAct
{
    /// <summary>
    /// <c>clamp(act(x + b) · gain, ±clamp)</c>, with <paramref name="b"/> broadcast along dimension 1.
    /// The clamp bounds activations so that float16 never overflows (StyleGAN2-ADA, appendix).
    /// </summary>
    public static Tensor bias_act(Tensor x, Tensor? b = null, Activation act = Activation.Linear, double? gain = null, double? clamp = null)
    {
        using var scope = torch.NewDisposeScope();
        if (b is not null)
        {
            var shape = Enumerable.Repeat(1L, checked((int)x.ndim)).ToArray();
            shape[1] = -1;
            x = x + b.reshape(shape);
        }
        x = act switch
        {
            Activation.LRelu => F.leaky_relu(x, 0.2),
            Activation.Relu => F.relu(x),
            _ => x,
        };
        var g = gain ?? act.DefaultGain();
        if (g != 1) x = x * g;
        if (clamp is { } c && c >= 0) x = x.clamp(-c, c);
        return x.MoveToOuterDisposeScope();
    }
}
