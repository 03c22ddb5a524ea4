using GanKit.Imaging;

namespace GanKit.Latent.Projection;

/// <summary>Peak signal-to-noise ratio of 8-bit images: 10·log₁₀(255² / MSE) in decibels (∞ for identical images).</summary>
public static class Psnr
{
    /// <summary>PSNR between two images of the same size, over all pixels and channels.</summary>
    public static double Compute(RgbImage a, RgbImage b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Width != b.Width || a.Height != b.Height)
            throw new ArgumentException($"PSNR needs images of one size, got {a.Width}×{a.Height} and {b.Width}×{b.Height}");
        ReadOnlySpan<byte> x = a.Pixels, y = b.Pixels;
        double sum = 0;
        for (var i = 0; i < x.Length; i++)
        {
            double d = x[i] - y[i];
            sum += d * d;
        }
        var mse = sum / x.Length;
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }
}
