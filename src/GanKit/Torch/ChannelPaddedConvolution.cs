using F = TorchSharp.torch.nn.functional;

namespace GanKit.Torch;

/// <summary>
/// The dense 2-D convolution every network layer runs, kept right on CPUs where oneDNN is wrong. On AVX-512 CPUs
/// libtorch 2.10's oneDNN gets some float32 convolutions with kernels larger than 1×1 wrong — the output, the input
/// gradient or both, by 5–50% of the output's scale and sometimes NaN, depending on the channel counts: more than
/// 16 input channels not a multiple of 16 (forward), fewer than 16 or not a multiple of 16 output channels (input
/// gradient), an odd multiple of 16 input channels at stride 2 (input gradient). 16 channels and multiples of 32 were
/// right everywhere (a grid of 3,060 shapes with first and second derivatives). Where <see cref="OneDnnConvolutionCheck"/>
/// found the fault, both channel counts are zero-padded to such a count and the output is cut back: the same
/// convolution, since the added weights are zero, at the cost of the padded channels. 1×1 convolutions become
/// matrix products instead: their second derivatives were wrong whatever the channel counts. Networks whose channel counts
/// are powers of two from 16 up pay nothing but the minibatch-std channel of the discriminator's epilogue.
/// </summary>
internal static class ChannelPaddedConvolution
{
    /// <summary>The channel count a convolution is padded to: 16 for up to 16, else the next multiple of 32.</summary>
    internal static long SafeChannels(long channels) => channels <= 16 ? 16 : (channels + 31) / 32 * 32;

    /// <summary>
    /// <c>conv2d</c> (weight [out, in/groups, kh, kw]) or <c>conv_transpose2d</c> (weight [in, out/groups, kh, kw]),
    /// with channels padded where <paramref name="padChannels"/> and the convolution is dense with a kernel larger than 1×1.
    /// </summary>
    internal static Tensor Convolve(Tensor x, Tensor w, Tensor? bias, long stride, (long Y, long X) padding, long groups,
        bool transpose, bool padChannels)
    {
        var ws = w.shape;
        if (!padChannels || groups != 1) return Plain(x, w, bias, stride, padding, groups, transpose);
        if (ws[2] == 1 && ws[3] == 1 && stride == 1 && padding == (0, 0) && !transpose) return PointwiseAsMatmul(x, w, bias);

        long inChannels = transpose ? ws[0] : ws[1], outChannels = transpose ? ws[1] : ws[0];
        long inPadded = SafeChannels(inChannels), outPadded = SafeChannels(outChannels);
        if (inPadded == inChannels && outPadded == outChannels) return Plain(x, w, bias, stride, padding, groups, transpose);

        using var scope = torch.NewDisposeScope();
        // F.pad lists (before, after) pairs from the last dimension backwards: [kw, kh, dim 1, dim 0] of the weight.
        var inPad = inPadded - inChannels;
        var outPad = outPadded - outChannels;
        var xPadded = inPad > 0 ? F.pad(x, [0, 0, 0, 0, 0, inPad]) : x;
        var wPadded = transpose
            ? F.pad(w, [0, 0, 0, 0, 0, outPad, 0, inPad])
            : F.pad(w, [0, 0, 0, 0, 0, inPad, 0, outPad]);
        var biasPadded = bias is not null && outPad > 0 ? F.pad(bias, [0, outPad]) : bias;
        var y = Plain(xPadded, wPadded, biasPadded, stride, padding, groups, transpose);
        return (outPad > 0 ? y.narrow(1, 0, outChannels) : y).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A 1×1 convolution as one batched matrix product: its double backward (R1, path length) then stays in matrix
    /// products, where libtorch would run convolutions over the batch dimension that oneDNN gets wrong on 8×8 maps and larger.
    /// </summary>
    private static Tensor PointwiseAsMatmul(Tensor x, Tensor w, Tensor? bias)
    {
        using var scope = torch.NewDisposeScope();
        var s = x.shape;
        var y = torch.matmul(w.flatten(1), x.flatten(2));
        if (bias is not null) y.add_(bias.reshape(1, -1, 1));
        return y.reshape(s[0], w.shape[0], s[2], s[3]).MoveToOuterDisposeScope();
    }

    private static Tensor Plain(Tensor x, Tensor w, Tensor? bias, long stride, (long Y, long X) padding, long groups, bool transpose) =>
        transpose
            ? F.conv_transpose2d(x, w, bias, [stride, stride], [padding.Y, padding.X], [0, 0], [1, 1], groups)
            : F.conv2d(x, w, bias, [stride, stride], [padding.Y, padding.X], [1, 1], groups);
}
