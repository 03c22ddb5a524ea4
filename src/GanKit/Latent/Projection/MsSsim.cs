using F = TorchSharp.torch.nn.functional;

namespace GanKit.Latent.Projection;

/// <summary>
/// Multi-scale structural similarity (Wang, Simoncelli and Bovik 2003): contrast-structure similarity at each of
/// up to five scales (halved by 2×2 averaging) and luminance at the coarsest, combined as a weighted geometric mean
/// with the paper's exponents (0.0448, 0.2856, 0.3001, 0.2363, 0.1333). Local statistics use a Gaussian window
/// (σ = 1.5, 11 taps, fewer where the coarsest scale is smaller). Small images use fewer scales, the coarsest at
/// least 8×8, and the exponents renormalised to sum to 1. Negative similarities are clamped to a small positive
/// value so the fractional powers stay defined.
/// </summary>
public static class MsSsim
{
    private static readonly double[] ScaleWeights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

    /// <summary>Scales used for images of side <paramref name="size"/>: at most five, the coarsest at least 8 pixels.</summary>
    public static int Scales(long size)
    {
        var scales = 1;
        while (scales < ScaleWeights.Length && size >> scales >= 8) scales++;
        return scales;
    }

    /// <summary>MS-SSIM per image, [N], of images [N, C, H, W] in a range of width <paramref name="dataRange"/> (2 for [-1, 1]); differentiable.</summary>
    public static Tensor Compute(Tensor x, Tensor y, double dataRange = 2)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.dim() != 4 || !x.shape.SequenceEqual(y.shape))
            throw new ArgumentException($"MS-SSIM needs two image batches of the same shape [N, C, H, W], got [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}]");
        using var scope = torch.NewDisposeScope();
        var side = Math.Min(x.shape[2], x.shape[3]);
        if (side < 2) throw new ArgumentException($"MS-SSIM needs images of at least 2×2 pixels, got {x.shape[3]}×{x.shape[2]}");
        var scales = Scales(side);
        var weights = ScaleWeights.Take(scales).ToArray();
        var weightSum = weights.Sum();
        var coarsest = side >> (scales - 1);
        var taps = (int)Math.Min(11, coarsest % 2 == 1 ? coarsest : coarsest - 1);
        var window = GaussianWindow(taps, 1.5, x.shape[1], x.device);
        var c1 = Math.Pow(0.01 * dataRange, 2);
        var c2 = Math.Pow(0.03 * dataRange, 2);

        Tensor? result = null;
        for (var s = 0; s < scales; s++)
        {
            var (ssim, cs) = Similarity(x, y, window, c1, c2);
            var value = s == scales - 1 ? ssim : cs;
            var term = value.clamp_min(1e-6).pow(weights[s] / weightSum);
            result = result is null ? term : result * term;
            if (s < scales - 1)
            {
                x = F.avg_pool2d(x, 2);
                y = F.avg_pool2d(y, 2);
            }
        }
        return result!.MoveToOuterDisposeScope();
    }

    private static (Tensor Ssim, Tensor Cs) Similarity(Tensor x, Tensor y, Tensor window, double c1, double c2)
    {
        var groups = x.shape[1];
        Tensor Blur(Tensor t) => F.conv2d(t, window, groups: groups);
        var muX = Blur(x);
        var muY = Blur(y);
        var varX = Blur(x * x) - muX * muX;
        var varY = Blur(y * y) - muY * muY;
        var covXY = Blur(x * y) - muX * muY;
        var cs = (2 * covXY + c2) / (varX + varY + c2);
        var luminance = (2 * muX * muY + c1) / (muX * muX + muY * muY + c1);
        // Averaged over pixels and channels per image, as the paper averages its similarity maps.
        return ((luminance * cs).mean([1, 2, 3]), cs.mean([1, 2, 3]));
    }

    private static Tensor GaussianWindow(int taps, double sigma, long channels, Device device)
    {
        var t = torch.arange(taps, dtype: ScalarType.Float32, device: device) - (taps - 1) / 2.0;
        var g = (-(t * t) / (2 * sigma * sigma)).exp();
        g = g / g.sum();
        return torch.outer(g, g).expand(channels, 1, taps, taps).contiguous();
    }
}
