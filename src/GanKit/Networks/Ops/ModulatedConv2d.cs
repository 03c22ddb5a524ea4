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
    /// <param name="bias">A layer's bias ([out]) added with the noise, or null: the result is then
    /// <c>(conv + noise + bias)·gain</c>, computed in fewer passes over the output than adding and scaling after.</param>
    /// <param name="gain">Scales the result (with <paramref name="bias"/>, a layer's activation gain).</param>
    public static Tensor modulated_conv2d(Tensor x, Tensor weight, Tensor styles, Tensor? noise = null, int up = 1, int down = 1,
        int padding = 0, Tensor? resample_filter = null, bool demodulate = true, bool flip_weight = true, bool fused_modconv = true,
        Tensor? bias = null, double gain = 1)
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

        // What is added to the scaled convolution: noise·gain ([N, 1, H, W]) and bias·gain ([1, out, 1, 1]).
        var scaledNoise = noise is null ? null : gain == 1 ? noise.to(x.dtype) : noise.to(x.dtype) * gain;
        var scaledBias = bias is null ? null : (gain == 1 ? bias : bias * gain).to(x.dtype).reshape(1, -1, 1, 1);

        Tensor result;
        if (!fused_modconv)
        {
            x = x * styles.to(x.dtype).reshape(n, -1, 1, 1);
            x = conv2d_resample(x, weight.to(x.dtype), resample_filter, up, down, padding, flip_weight: flip_weight);
            // conv·(dcoefs·gain) + noise + bias in two passes over the output (four if done one by one).
            Tensor? scale = demodulate ? dcoefs!.to(x.dtype).reshape(n, -1, 1, 1) : null;
            if (gain != 1) scale = scale is null ? torch.tensor(gain, x.dtype, x.device) : scale * gain;
            var offset = scaledNoise is not null && scaledBias is not null ? scaledNoise + scaledBias : scaledNoise ?? scaledBias;
            // A full-size offset (per-sample noise plus bias) is a temporary that can take the result in place.
            var fullSize = scaledNoise is not null && scaledBias is not null && offset!.shape.SequenceEqual(x.shape);
            if (offset is null) x = scale is null ? x : x * scale;
            else if (scale is null) x = fullSize ? offset.add_(x) : x + offset;
            else x = fullSize ? offset.addcmul_(x, scale, 1) : torch.addcmul(offset, x, scale, 1);
            result = x;
        }
        else
        {
            // One grouped convolution: the batch becomes channel groups.
            var shape = x.shape;
            x = x.reshape(1, -1, shape[2], shape[3]);
            w = w!.reshape(-1, inChannels, kh, kw);
            if (gain != 1) w = w * gain;
            x = conv2d_resample(x, w.to(x.dtype), resample_filter, up, down, padding, groups: n, flip_weight: flip_weight);
            var outShape = x.shape;
            x = x.reshape(n, -1, outShape[2], outShape[3]);
            // The convolution's output is a temporary: add in place.
            if (scaledNoise is not null) x = x.add_(scaledNoise);
            if (scaledBias is not null) x = x.add_(scaledBias);
            result = x;
        }
        return result.MoveToOuterDisposeScope();
    }
}
