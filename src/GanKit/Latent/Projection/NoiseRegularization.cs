using F = TorchSharp.torch.nn.functional;

namespace GanKit.Latent.Projection;

/// <summary>
/// Keeps optimised noise maps noise-like (StyleGAN2, appendix D): without it the optimiser hides the target's
/// signal in the per-pixel noise inputs. At each scale of a pyramid (2×2 average pooling, ×2 so the values keep
/// unit variance, down to 8×8) the squared autocorrelation at a one-pixel shift, horizontally and vertically (with
/// wrap-around), is penalised; after every step each map is renormalised to zero mean and unit variance.
/// </summary>
public static class NoiseRegularization
{
    /// <summary>The smallest scale of the pyramid.</summary>
    public const int SmallestScale = 8;

    /// <summary>
    /// The penalty Σ_maps Σ_scales [mean(n · shift_x(n))² + mean(n · shift_y(n))²] for noise maps of shape
    /// [H, W] or [N, C, H, W]; differentiable. A map smaller than 8×8 counts at its own size only.
    /// </summary>
    public static Tensor Penalty(IEnumerable<Tensor> noiseMaps)
    {
        ArgumentNullException.ThrowIfNull(noiseMaps);
        using var scope = torch.NewDisposeScope();
        Tensor? total = null;
        foreach (var map in noiseMaps)
        {
            var n = AsBatch(map);
            while (true)
            {
                var h = (n * n.roll(1, 3)).mean().square() + (n * n.roll(1, 2)).mean().square();
                total = total is null ? h : total + h;
                if (n.shape[2] <= SmallestScale || n.shape[3] <= SmallestScale) break;
                // The average of four independent unit-variance values has variance ¼; ×2 restores 1.
                n = F.avg_pool2d(n, 2) * 2;
            }
        }
        return (total ?? torch.zeros([])).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The mean squared autocorrelation (one-pixel shifts, both directions) of each map at each pyramid scale:
    /// entry [m][s] is map m at scale s (0 = full size). A measure of how far maps are from white noise.
    /// </summary>
    public static double[][] MeanSquaredAutocorrelation(IEnumerable<Tensor> noiseMaps)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var result = new List<double[]>();
        foreach (var map in noiseMaps)
        {
            var n = AsBatch(map.detach());
            var scales = new List<double>();
            while (true)
            {
                var ac = ((n * n.roll(1, 3)).mean().square() + (n * n.roll(1, 2)).mean().square()) / 2;
                scales.Add(ac.ToDouble());
                if (n.shape[2] <= SmallestScale || n.shape[3] <= SmallestScale) break;
                n = F.avg_pool2d(n, 2) * 2;
            }
            result.Add(scales.ToArray());
        }
        return result.ToArray();
    }

    /// <summary>Sets each map to zero mean and unit variance, in place (outside autograd).</summary>
    public static void Normalize(IEnumerable<Tensor> noiseMaps)
    {
        ArgumentNullException.ThrowIfNull(noiseMaps);
        using var noGrad = torch.no_grad();
        foreach (var map in noiseMaps)
        {
            using var scope = torch.NewDisposeScope();
            var mean = map.mean();
            var std = (map - mean).square().mean().sqrt();
            map.sub_(mean).div_(std);
        }
    }

    private static Tensor AsBatch(Tensor map) => map.dim() switch
    {
        2 => map.unsqueeze(0).unsqueeze(0),
        4 => map,
        _ => throw new ArgumentException($"noise maps must be [H, W] or [N, C, H, W], got [{string.Join(", ", map.shape)}]", nameof(map)),
    };
}
