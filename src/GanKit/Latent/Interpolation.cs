using GanKit.Torch;

namespace GanKit.Latent;

/// <summary>
/// Paths between latents for interpolation videos. Straight lines in W keep images on the learned manifold
/// (W is disentangled, StyleGAN §4); in Z, spherical interpolation keeps the latents at the typical radius of a
/// Gaussian, where linear blends would pass through the unlikely centre.
/// </summary>
public static class Interpolation
{
    /// <summary>
    /// <paramref name="steps"/> points per segment along the closed loop a → b → … → a, linearly in the given
    /// space (use for ws [K, num_ws, w_dim]). Returns [K · steps, ...].
    /// </summary>
    public static Tensor LinearLoop(Tensor keys, int steps)
    {
        if (steps < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, "steps must be at least 1");
        using var scope = torch.NewDisposeScope();
        var k = keys.size(0);
        var frames = new List<Tensor>();
        for (var i = 0; i < k; i++)
        {
            var a = keys.narrow(0, i, 1);
            var b = keys.narrow(0, (i + 1) % k, 1);
            for (var s = 0; s < steps; s++) frames.Add(a.Lerp(b, (double)s / steps));
        }
        return torch.cat(frames.ToArray()).MoveToOuterDisposeScope();
    }

    /// <summary>Spherical interpolation between rows of <paramref name="a"/> and <paramref name="b"/> ([N, D]) at fraction t.</summary>
    public static Tensor Slerp(Tensor a, Tensor b, double t)
    {
        using var scope = torch.NewDisposeScope();
        var an = a / a.norm(1, keepdim: true);
        var bn = b / b.norm(1, keepdim: true);
        var cos = (an * bn).sum(1, keepdim: true).clamp(-1 + 1e-7, 1 - 1e-7);
        var omega = cos.acos();
        var sinOmega = omega.sin();
        var result = a * ((omega * (1 - t)).sin() / sinOmega) + b * ((omega * t).sin() / sinOmega);
        return result.MoveToOuterDisposeScope();
    }
}
