namespace GanKit.Training.Augment;

/// <summary>
/// Image-space filtering: the spectrum is split into four octave bands (0–π/8, π/8–π/4, π/4–π/2, π/2–π per axis) and
/// each band is amplified by its gain, as one separable FIR filter per image (√gain per axis) applied with mirror padding. The band
/// filters are differences of Hamming-windowed sinc low-passes, so with all gains 1 the filter is the identity.
/// </summary>
internal static class ImageSpaceFilter
{
    /// <summary>Frequency bands.</summary>
    public const int BandCount = 4;

    /// <summary>The expected share of an image's energy in each band (natural images: most in the lowest), used to normalise the gains.</summary>
    public static readonly double[] ExpectedEnergy = [10 / 13.0, 1 / 13.0, 1 / 13.0, 1 / 13.0];

    /// <summary>Taps of each band filter (odd, centred).</summary>
    public const int Taps = 33;

    private static readonly Lazy<double[,]> BandFilters = new(BuildBands);

    /// <summary>The band filters [band, tap], lowest band first; their sum is the unit impulse.</summary>
    public static double[,] Bands => BandFilters.Value;

    /// <summary>Filters images [N, C, H, W] with the per-image band gains [N, 4].</summary>
    public static Tensor Apply(Tensor images, Tensor gains)
    {
        using var scope = torch.NewDisposeScope();
        var (n, c, h, w) = (images.size(0), images.size(1), images.size(2), images.size(3));
        var bands = Bands;
        var flat = new double[BandCount * Taps];
        for (var b = 0; b < BandCount; b++)
            for (var t = 0; t < Taps; t++) flat[b * Taps + t] = bands[b, t];
        var bandTensor = torch.tensor(flat, [BandCount, Taps], images.dtype, images.device);
        // The filter runs along x and then along y, so each axis gets √g: content of band i on both axes is scaled by g_i.
        var filters = gains.to(images.dtype).to(images.device).sqrt().matmul(bandTensor); // [N, taps]
        var kernels = filters.repeat_interleave(c, dim: 0); // one per (image, channel)
        const int half = Taps / 2;
        var x = ReflectPadding.Pad(images, half, half, half, half).reshape(1, n * c, h + 2 * half, w + 2 * half);
        x = torch.nn.functional.conv2d(x, kernels.reshape(n * c, 1, 1, Taps), groups: n * c);
        x = torch.nn.functional.conv2d(x, kernels.reshape(n * c, 1, Taps, 1), groups: n * c);
        return x.reshape(n, c, h, w).MoveToOuterDisposeScope();
    }

    private static double[,] BuildBands()
    {
        double[] cutoffs = [Math.PI / 8, Math.PI / 4, Math.PI / 2];
        var lowpasses = cutoffs.Select(LowPass).ToList();
        var impulse = new double[Taps];
        impulse[Taps / 2] = 1;
        lowpasses.Add(impulse);
        var bands = new double[BandCount, Taps];
        for (var b = 0; b < BandCount; b++)
            for (var t = 0; t < Taps; t++) bands[b, t] = lowpasses[b][t] - (b > 0 ? lowpasses[b - 1][t] : 0);
        return bands;
    }

    /// <summary>A Hamming-windowed sinc low-pass with cut-off <paramref name="omega"/> (radians per pixel) and unit DC gain.</summary>
    private static double[] LowPass(double omega)
    {
        var taps = new double[Taps];
        for (var t = 0; t < Taps; t++)
        {
            var k = t - Taps / 2;
            var sinc = k == 0 ? omega / Math.PI : Math.Sin(omega * k) / (Math.PI * k);
            taps[t] = sinc * (0.54 + 0.46 * Math.Cos(2 * Math.PI * k / (Taps - 1)));
        }
        var sum = taps.Sum();
        return taps.Select(v => v / sum).ToArray();
    }
}
