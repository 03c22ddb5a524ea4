using F = TorchSharp.torch.nn.functional;

namespace GanKit.Networks.Ops;

/// <summary>Bias, activation, gain and clamp: the epilogue of every layer.</summary>
public static class BiasAct
{
    /// <summary>
    /// <c>clamp(act(x + b) · gain, ±clamp)</c>, with <paramref name="b"/> broadcast along dimension 1.
    /// The clamp bounds activations so that float16 never overflows (StyleGAN2-ADA, appendix).
    /// </summary>
    /// <remarks>
    /// Every layer runs this on full-size feature maps, so it is written for memory traffic: the gain is applied
    /// before the (positively homogeneous) activation, so both run in place on the tensor the bias addition made.
    /// (<c>hardtanh</c> would clamp with a one-pass backward, but under R1's double backward it was slower and
    /// grew memory by gigabytes at 64², measured with <c>bench train</c>.)
    /// </remarks>
    public static Tensor bias_act(Tensor x, Tensor? b = null, Activation act = Activation.Linear, double? gain = null, double? clamp = null)
    {
        using var scope = torch.NewDisposeScope();
        var owned = false; // whether x is a tensor made here, so in-place operations cannot touch the caller's
        if (b is not null)
        {
            var shape = Enumerable.Repeat(1L, checked((int)x.ndim)).ToArray();
            shape[1] = -1;
            x = x + b.reshape(shape);
            owned = true;
        }
        var g = gain ?? act.DefaultGain();
        if (g > 0 || act == Activation.Linear)
        {
            // act(x)·g = act(x·g) for g > 0 (LReLU and ReLU are positively homogeneous): scale first, then activate in place.
            if (g != 1)
            {
                x = owned ? x.mul_(g) : x * g;
                owned = true;
            }
            x = Activate(x, act, clamp, inPlace: owned);
        }
        else
        {
            x = Clamp(Activate(x, act, null, inPlace: owned) * g, clamp); // a gain ≤ 0: the activation comes first
        }
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <c>clamp(act(x), ±clamp)</c>; with <paramref name="inPlace"/> the activation overwrites <paramref name="x"/>,
    /// which must then be a temporary that no other operation saved for its backward (e.g. a convolution's output).
    /// </summary>
    internal static Tensor Activate(Tensor x, Activation act, double? clamp, bool inPlace)
    {
        x = act switch
        {
            Activation.LRelu => F.leaky_relu(x, 0.2, inplace: inPlace),
            Activation.Relu => F.relu(x, inplace: inPlace),
            _ => x,
        };
        return Clamp(x, clamp);
    }

    // Out of place: an in-place activation saved its result for its backward.
    private static Tensor Clamp(Tensor x, double? clamp) => clamp is { } c && c >= 0 ? x.clamp(-c, c) : x;
}
