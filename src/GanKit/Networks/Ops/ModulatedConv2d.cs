using static GanKit.Networks.Ops.Conv2dResample;

namespace GanKit.Networks.Ops;

/// <summary>
/// Weight modulation and demodulation (StyleGAN2, §2.2, eq. 1–3): each sample's styles scale the convolution's
/// input channels, then each output channel is renormalised to unit expected variance — replacing AdaIN
/// without its droplet artefacts.
/// </summary>
public static class ModulatedConv2d
{
    /// <summary>
    /// Modulated convolution. With <paramref name="fused_modconv"/> the per-sample weights
    /// w'ᵢⱼₖ = sᵢ·wᵢⱼₖ / σⱼ run as one grouped convolution (groups = batch); otherwise the input is scaled by
    /// the styles and the output by the demodulation coefficients, which suits training with large batches.
    /// </summary>
    /// <param name="x">Input, [N, in, H, W].</param>
    /// <param name="weight">Convolution weight, [out, in, kh, kw].</param>
    /// <param name="styles">Per-sample input-channel scales, [N, in].</param>
    /// <param name="noise">Noise added after the convolution (broadcast to [N, out, H, W]), or null.</param>
    public static Tensor modulated_conv2d(Tensor x, Tensor weight, Tensor styles, Tensor? noise = null, int up = 1, int down = 1,
        int padding = 0, Tensor? resample_filter = null, bool demodulate = true, bool flip_weight = true, bool fused_modconv = true)
    {
        using var scope = torch.NewDisposeScope();
        var n = x.size(0);
        var ws = weight.shape;
        long inChannels = ws[1], kh = ws[2], kw = ws[3];

        // In float16, pre-normalise weight and styles so the products below cannot overflow; demodulation
        // removes the scale again.
        if (x.dtype == ScalarType.Float16 && demodulate)
        {
            weight = weight * (1 / Math.Sqrt(inChannels * kh * kw) / weight.abs().max(1, keepdim: true).values
                .max(2, keepdim: true).values.max(3, keepdim: true).values);
            styles = styles / styles.abs().max(1, keepdim: true).values;
        }

        Tensor? w = null;
        Tensor? dcoefs = null;
        if (demodulate || fused_modconv)
            w = weight.unsqueeze(0) * styles.reshape(n, 1, -1, 1, 1); // [N, out, in, kh, kw]
        if (demodulate)
            dcoefs = (w!.square().sum([2, 3, 4]) + 1e-8).rsqrt(); // [N, out]
        if (demodulate && fused_modconv)
            w = w! * dcoefs!.reshape(n, -1, 1, 1, 1);

        Tensor result;
        if (!fused_modconv)
        {
            x = x * styles.to(x.dtype).reshape(n, -1, 1, 1);
            x = conv2d_resample(x, weight.to(x.dtype), resample_filter, up, down, padding, flip_weight: flip_weight);
            if (demodulate) x = x * dcoefs!.to(x.dtype).reshape(n, -1, 1, 1);
            if (noise is not null) x = x + noise.to(x.dtype);
            result = x;
        }
        else
        {
            // One grouped convolution: the batch becomes channel groups.
            var shape = x.shape;
            x = x.reshape(1, -1, shape[2], shape[3]);
            w = w!.reshape(-1, inChannels, kh, kw);
            x = conv2d_resample(x, w.to(x.dtype), resample_filter, up, down, padding, groups: n, flip_weight: flip_weight);
            var outShape = x.shape;
            x = x.reshape(n, -1, outShape[2], outShape[3]);
            if (noise is not null) x = x + noise.to(x.dtype);
            result = x;
        }
        return result.MoveToOuterDisposeScope();
    }
}
