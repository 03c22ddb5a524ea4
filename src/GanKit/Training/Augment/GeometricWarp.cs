using GanKit.Networks.Ops;

namespace GanKit.Training.Augment;

/// <summary>
/// Resamples images through per-image affine maps as the ADA paper prescribes for its general geometric transforms:
/// mirror-pad so that every sampled point lies on real (reflected) content, upsample 2× with a wavelet low-pass
/// filter, sample bilinearly on the 2× grid, then low-pass and decimate back with the same filter. Supersampling with
/// a filter of compact support keeps the warp free of aliasing that D could learn to spot. Differentiable with respect
/// to the images.
/// </summary>
internal static class GeometricWarp
{
    /// <summary>
    /// The scaling filter of Daubechies' least-asymmetric wavelet with six vanishing moments (symlet 6,
    /// "Ten Lectures on Wavelets", 1992): orthogonal to its even shifts, so 2× up- then downsampling with it is an
    /// identity on content that needs no padding.
    /// </summary>
    public static readonly double[] Symlet6 =
    [
        0.015404109327027373, 0.0034907120842174702, -0.11799011114819057, -0.048311742585633, 0.4910559419267466, 0.787641141030194,
        0.3379294217276218, -0.07263752278646252, -0.021060292512300564, 0.04472490177066578, 0.0017677118642428036, -0.007800708325034148,
    ];

    /// <summary>Margin in input pixels around the sampled area: the upsampling filter's reach at 2× (taps / 4) plus one for bilinear sampling.</summary>
    private static readonly int Margin = Symlet6.Length / 4 + 1;

    /// <summary>
    /// Bilinear sampling of images [N, C, H, W] at pixel positions (x, y) [N, P], zero outside. Built from gathers
    /// rather than libtorch's grid_sample, whose backward has no derivative of its own: R1 through the augmentation
    /// differentiates the input gradient again, and a gather's gradient (a scatter-add) and its gradient (a gather) both exist.
    /// </summary>
    internal static Tensor BilinearSample(Tensor images, Tensor x, Tensor y)
    {
        var (n, c, h, w) = (images.size(0), images.size(1), images.size(2), images.size(3));
        var flat = images.reshape(n, c, h * w);
        var (x0, y0) = (x.floor(), y.floor());
        var (fx, fy) = ((x - x0).to(images.dtype), (y - y0).to(images.dtype));
        Tensor? result = null;
        foreach (var (dx, dy) in new[] { (0, 0), (1, 0), (0, 1), (1, 1) })
        {
            var (xi, yi) = (x0 + dx, y0 + dy);
            var valid = xi.ge(0).logical_and(xi.le(w - 1)).logical_and(yi.ge(0)).logical_and(yi.le(h - 1));
            var index = (yi.clamp(0, h - 1) * w + xi.clamp(0, w - 1)).to(ScalarType.Int64);
            var weight = (dx == 1 ? fx : 1 - fx) * (dy == 1 ? fy : 1 - fy) * valid.to(images.dtype);
            var term = flat.gather(2, index.unsqueeze(1).expand(n, c, index.size(1))) * weight.unsqueeze(1);
            result = result is null ? term : result + term;
        }
        return result!;
    }

    /// <summary>The shift, in input pixels, that 2× upsampling with the symlet gives low frequencies (half its first moment's distance from its centre).</summary>
    internal static double PhaseDelay()
    {
        var moment = Symlet6.Select((h, k) => h * k).Sum() / Symlet6.Sum();
        return (moment - (Symlet6.Length - 1) / 2.0) / 2;
    }

    /// <summary>Extra output pixels sampled on each side: the decimation filter's reach (taps / 4).</summary>
    private static readonly int Rim = Symlet6.Length / 4;

    /// <summary>
    /// Warps images [N, C, R, R]: output pixel p (centre-relative pixel coordinates) takes the input at
    /// <paramref name="inverse"/>[n] · p. Images where the map is the identity are returned unchanged.
    /// </summary>
    public static Tensor Warp(Tensor images, Tensor inverse)
    {
        using var scope = torch.NewDisposeScope();
        var (n, h, w) = (images.size(0), images.size(2), images.size(3));
        var device = images.device;
        var g = inverse.to(ScalarType.Float64);

        // The 2× grid covers the output plus a rim of Rim pixels, so the decimation filter never reads past sampled content.
        var (ew, eh) = (w + 2 * Rim, h + 2 * Rim);

        // Which input area the corners of that grid map to decides the mirror padding.
        var corners = torch.tensor(new double[] { -ew / 2.0, ew / 2.0, ew / 2.0, -ew / 2.0, -eh / 2.0, -eh / 2.0, eh / 2.0, eh / 2.0, 1, 1, 1, 1 }, [3, 4], ScalarType.Float64);
        var source = g.matmul(corners);
        var (xs, ys) = (source.select(1, 0), source.select(1, 1));
        var limit = 4 * Math.Max(w, h);
        long Need(Tensor beyond) => Math.Clamp((long)Math.Ceiling(beyond.max().ToDouble()) + Margin, 0, limit);
        var (left, right) = (Need(-xs - w / 2.0), Need(xs - w / 2.0));
        var (top, bottom) = (Need(-ys - h / 2.0), Need(ys - h / 2.0));
        var padded = ReflectPadding.Pad(images, left, right, top, bottom);
        var (paddedW, paddedH) = (w + left + right, h + top + bottom);

        var filter = Upfirdn2d.setup_filter(Symlet6, device).to(images.dtype);
        var upsampled = Upfirdn2d.upsample2d(padded, filter);

        // Centres of the 2× output pixels, from the image centre in input pixels.
        var stepsX = torch.arange(2 * ew, ScalarType.Float64).add(0.5).div(2).sub(ew / 2.0);
        var stepsY = torch.arange(2 * eh, ScalarType.Float64).add(0.5).div(2).sub(eh / 2.0);
        var grid = torch.stack([stepsX.unsqueeze(0).expand(2 * eh, 2 * ew), stepsY.unsqueeze(1).expand(2 * eh, 2 * ew), torch.ones(2 * eh, 2 * ew, ScalarType.Float64)], dim: -1);
        // The symlet is not linear-phase: up- and downsampling each shift content by the filter's delay (its first
        // moment less its centre), and the two cancel only where the map is the identity. Sampling at
        // G·(p − δ) + δ undoes both for any map.
        var delay = PhaseDelay();
        var sampled = grid.reshape(1, -1, 3).sub(torch.tensor(new[] { delay, delay, 0 }, ScalarType.Float64))
            .matmul(g.transpose(1, 2)).add(torch.tensor(new[] { delay, delay, 0 }, ScalarType.Float64)); // [N, 4·eh·ew, 3]
        // Sampling positions in the 2× padded image's pixel indices (its pixel j has its centre at (j + 0.5)/2 input pixels).
        var px = (sampled.select(2, 0) + w / 2.0 + left) * 2 - 0.5;
        var py = (sampled.select(2, 1) + h / 2.0 + top) * 2 - 0.5;
        var warped = BilinearSample(upsampled, px.to(device), py.to(device)).reshape(n, images.size(1), 2 * eh, 2 * ew);
        // Down with the time-reversed filter: an orthogonal filter's autocorrelation, not its self-convolution, is a
        // half-band impulse, so this pair reconstructs. The rim absorbs the decimation's zero padding and is cut off.
        var reach = Symlet6.Length;
        var result = Upfirdn2d.upfirdn2d(warped, filter, down: 2, padding: ((reach - 1) / 2, reach / 2 - 1, (reach - 1) / 2, reach / 2 - 1), flip_filter: true)
            .narrow(2, Rim, h).narrow(3, Rim, w);
        return result.MoveToOuterDisposeScope();
    }
}
