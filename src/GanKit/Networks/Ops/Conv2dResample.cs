using GanKit.Torch;
using static GanKit.Networks.Ops.Upfirdn2d;

namespace GanKit.Networks.Ops;

/// <summary>
/// Convolution fused with FIR up- or downsampling, choosing the cheapest equivalent order of operations:
/// a strided transposed convolution for upsampling, a strided convolution after filtering for downsampling.
/// </summary>
public static class Conv2dResample
{
    /// <summary>
    /// Convolves <paramref name="x"/> with <paramref name="w"/> ([out, in/groups, kh, kw]) with optional 2×
    /// up- or downsampling through filter <paramref name="f"/>.
    /// </summary>
    /// <param name="bias">Added to every output channel ([out]); where the convolution is the last operation it adds it
    /// as it writes the output, which saves a pass over the result.</param>
    /// <param name="flip_weight">False for a true convolution, true for correlation (as conv2d); only the sign
    /// convention of the learned weights, both are equally expressive.</param>
    public static Tensor conv2d_resample(Tensor x, Tensor w, Tensor? f = null, int up = 1, int down = 1, int padding = 0,
        long groups = 1, bool flip_weight = true, bool flip_filter = false, Tensor? bias = null)
    {
        using var scope = torch.NewDisposeScope();
        var ws = w.shape;
        long outChannels = ws[0], inPerGroup = ws[1];
        int kh = (int)ws[2], kw = (int)ws[3];
        int fw = f is null ? 1 : (int)f.size(1), fh = f is null ? 1 : (int)f.size(0);
        int px0 = padding, px1 = padding, py0 = padding, py1 = padding;
        if (up > 1)
        {
            px0 += (fw + up - 1) / 2; px1 += (fw - up) / 2;
            py0 += (fh + up - 1) / 2; py1 += (fh - up) / 2;
        }
        if (down > 1)
        {
            px0 += (fw - down + 1) / 2; px1 += (fw - down) / 2;
            py0 += (fh - down + 1) / 2; py1 += (fh - down) / 2;
        }

        Tensor result;
        var biasAdded = bias is null; // set where the last operation is the convolution, which adds the bias itself
        if (kw == 1 && kh == 1 && down > 1 && up == 1)
        {
            // 1×1 kernel: filter and decimate first, then the cheap convolution at low resolution.
            x = upfirdn2d(x, f!, down: down, padding: (px0, px1, py0, py1), flip_filter: flip_filter);
            result = Convolve(x, w, groups: groups, flip_weight: flip_weight, bias: bias);
            biasAdded = true;
        }
        else if (kw == 1 && kh == 1 && up > 1 && down == 1)
        {
            x = Convolve(x, w, groups: groups, flip_weight: flip_weight);
            result = upfirdn2d(x, f!, up: up, padding: (px0, px1, py0, py1), gain: up * up, flip_filter: flip_filter);
        }
        else if (down > 1 && up == 1)
        {
            x = upfirdn2d(x, f!, padding: (px0, px1, py0, py1), flip_filter: flip_filter);
            result = Convolve(x, w, stride: down, groups: groups, flip_weight: flip_weight, bias: bias);
            biasAdded = true;
        }
        else if (up > 1)
        {
            // Transposed convolution with stride `up` does the zero insertion and the convolution in one op;
            // the filter then smooths the result. Its weight layout is [in, out/groups, kh, kw].
            if (groups == 1)
            {
                w = w.transpose(0, 1);
            }
            else
            {
                w = w.reshape(groups, outChannels / groups, inPerGroup, kh, kw).transpose(1, 2)
                    .reshape(groups * inPerGroup, outChannels / groups, kh, kw);
            }
            px0 -= kw - 1; px1 -= kw - up; py0 -= kh - 1; py1 -= kh - up;
            var pxt = Math.Max(Math.Min(-px0, -px1), 0);
            var pyt = Math.Max(Math.Min(-py0, -py1), 0);
            x = Convolve(x, w, stride: up, padding: (pyt, pxt), groups: groups, transpose: true, flip_weight: !flip_weight);
            x = upfirdn2d(x, f!, padding: (px0 + pxt, px1 + pxt, py0 + pyt, py1 + pyt), gain: up * up, flip_filter: flip_filter);
            if (down > 1) x = upfirdn2d(x, f!, down: down, flip_filter: flip_filter);
            result = x;
        }
        else if (px0 == px1 && py0 == py1 && px0 >= 0 && py0 >= 0)
        {
            result = Convolve(x, w, padding: (py0, px0), groups: groups, flip_weight: flip_weight, bias: bias);
            biasAdded = true;
        }
        else
        {
            x = upfirdn2d(x, f ?? OnesFilter(x), up: up, padding: (px0, px1, py0, py1), gain: up * up, flip_filter: flip_filter);
            x = Convolve(x, w, groups: groups, flip_weight: flip_weight);
            if (down > 1) x = upfirdn2d(x, f!, down: down, flip_filter: flip_filter);
            result = x;
        }
        if (!biasAdded) result = result + bias!.reshape(1, -1, 1, 1);
        return result.MoveToOuterDisposeScope();
    }

    private static Tensor OnesFilter(Tensor like) => torch.ones([1, 1], like.dtype, like.device);

    private static Tensor Convolve(Tensor x, Tensor w, int stride = 1, (int Y, int X) padding = default, long groups = 1,
        bool transpose = false, bool flip_weight = true, Tensor? bias = null)
    {
        var ws = w.shape;
        if (!flip_weight && (ws[2] > 1 || ws[3] > 1)) w = w.flip(2, 3);
        // Where oneDNN is wrong for some channel counts on this CPU, float32 CPU convolutions pad them (see there).
        var padChannels = TorchRuntime.PadsConvolutionChannels && x.device_type == DeviceType.CPU && x.dtype == ScalarType.Float32;
        return ChannelPaddedConvolution.Convolve(x, w, bias, stride, padding, groups, transpose, padChannels);
    }
}
