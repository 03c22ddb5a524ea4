using F = TorchSharp.torch.nn.functional;

namespace GanKit.Networks.Ops;

/// <summary>
/// Upsample, FIR filter, downsample: the anti-aliased resampling of StyleGAN2 (Karras et al. 2020, §4 and
/// appendix B). Zero-insertion upsampling, padding (negative = cropping), a 2-D FIR filter, then decimation.
/// </summary>
public static class Upfirdn2d
{
    /// <summary>
    /// A normalised 2-D filter from 1-D taps: the outer product of <paramref name="taps"/> with itself,
    /// divided by its sum ([1,3,3,1] gives the binomial filter StyleGAN2 uses).
    /// </summary>
    public static Tensor setup_filter(double[] taps, Device? device = null)
    {
        using var scope = torch.NewDisposeScope();
        var f = torch.tensor(taps.Select(t => (float)t).ToArray(), device: device);
        var f2 = torch.outer(f, f);
        return (f2 / f2.sum()).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Pads/crops by (x0, x1, y0, y1) after upsampling by <paramref name="up"/> (zero insertion), convolves each
    /// channel with <paramref name="f"/> scaled by <paramref name="gain"/>, then keeps every <paramref name="down"/>-th pixel.
    /// </summary>
    public static Tensor upfirdn2d(Tensor x, Tensor f, int up = 1, int down = 1, (int X0, int X1, int Y0, int Y1) padding = default,
        bool flip_filter = false, double gain = 1)
    {
        using var scope = torch.NewDisposeScope();
        var shape = x.shape;
        long n = shape[0], c = shape[1], h = shape[2], w = shape[3];

        if (up > 1)
        {
            // Insert up-1 zeros after each pixel along both axes.
            x = x.reshape(n, c, h, 1, w, 1);
            x = F.pad(x, [0, up - 1, 0, 0, 0, up - 1]);
            x = x.reshape(n, c, h * up, w * up);
        }

        var (x0, x1, y0, y1) = padding;
        // Symmetric non-negative padding goes to the convolution itself, which saves copying the padded map.
        var symmetric = x0 == x1 && y0 == y1 && x0 >= 0 && y0 >= 0;
        var convPadding = symmetric ? (Y: y0, X: x0) : (Y: 0, X: 0);
        if (!symmetric)
        {
            x = F.pad(x, [Math.Max(x0, 0), Math.Max(x1, 0), Math.Max(y0, 0), Math.Max(y1, 0)]);
            if (x0 < 0 || x1 < 0 || y0 < 0 || y1 < 0)
            {
                var s = x.shape;
                x = x.slice(2, Math.Max(-y0, 0), s[2] - Math.Max(-y1, 0), 1).slice(3, Math.Max(-x0, 0), s[3] - Math.Max(-x1, 0), 1);
            }
        }

        // conv2d is a correlation: flip the filter so the operation is a true convolution.
        var kernel = (f * gain).to(x.dtype, x.device);
        if (!flip_filter) kernel = kernel.flip(0, 1);
        kernel = kernel.reshape(1, 1, kernel.size(0), kernel.size(1)).repeat(c, 1, 1, 1);
        // Decimation is the convolution's stride: only the kept pixels are computed (the same as computing all
        // and keeping every down-th, from the first).
        x = F.conv2d(x, kernel, null, [down, down], [convPadding.Y, convPadding.X], groups: c);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>2× upsampling with the filter, keeping the image aligned (gain up² restores the mean).</summary>
    public static Tensor upsample2d(Tensor x, Tensor f, int up = 2)
    {
        var (fw, fh) = (checked((int)f.size(1)), checked((int)f.size(0)));
        return upfirdn2d(x, f, up: up,
            padding: ((fw + up - 1) / 2, (fw - up) / 2, (fh + up - 1) / 2, (fh - up) / 2), gain: up * up);
    }

    /// <summary>2× downsampling: low-pass with the filter, then decimate.</summary>
    public static Tensor downsample2d(Tensor x, Tensor f, int down = 2)
    {
        var (fw, fh) = (checked((int)f.size(1)), checked((int)f.size(0)));
        return upfirdn2d(x, f, down: down,
            padding: ((fw - down + 1) / 2, (fw - down) / 2, (fh - down + 1) / 2, (fh - down) / 2));
    }
}
