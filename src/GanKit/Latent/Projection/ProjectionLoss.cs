using GanKit.Networks;

namespace GanKit.Latent.Projection;

/// <summary>
/// The distance the projector minimises between a synthesised image and the target: a weighted sum of the
/// discriminator-feature distance, pixel MSE, 1 − MS-SSIM and LPIPS (<see cref="ProjectionLossWeights"/>). The
/// target's features are computed once, here.
/// </summary>
public sealed class ProjectionLoss : IDisposable
{
    private readonly Discriminator? _d;
    private readonly LpipsNetwork? _lpips;
    private readonly Tensor _target;
    private readonly Tensor[]? _targetD;
    private readonly Tensor? _targetLpips;

    /// <summary>Prepares the distances to <paramref name="target"/> ([1, 3, R, R] in [-1, 1]).</summary>
    /// <exception cref="ArgumentException">A weighted distance lacks its network: D for <c>dfeat</c>, the VGG16 file for <c>lpips</c>.</exception>
    public ProjectionLoss(Tensor target, ProjectionLossWeights weights, Discriminator? D = null, LpipsNetwork? lpips = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(weights);
        weights.Validate();
        if (weights.NeedsDiscriminator && D is null)
            throw new ArgumentException("the discriminator-feature loss (dfeat) needs the network's discriminator D, and this network file has none " +
                                        "(a G-only file); use a file with D, give --lpips PATH, or set --loss-weights dfeat=0");
        if (weights.NeedsLpips && lpips is null)
            throw new ArgumentException($"the LPIPS loss needs the VGG16 file {LpipsNetwork.FileName} ({LpipsNetwork.Url}); pass --lpips PATH");
        Weights = weights;
        _d = weights.NeedsDiscriminator ? D : null;
        _lpips = weights.NeedsLpips ? lpips : null;
        using var noGrad = torch.no_grad();
        _target = target.detach().to(ScalarType.Float32).clone();
        if (_d is not null) _targetD = DiscriminatorFeatures.Extract(_d, _target);
        if (_lpips is not null) _targetLpips = _lpips.Features(_target);
    }

    /// <summary>The weights.</summary>
    public ProjectionLossWeights Weights { get; }

    /// <summary>The target image [1, 3, R, R].</summary>
    public Tensor Target => _target;

    /// <summary>The weighted distance of <paramref name="images"/> ([1, 3, R, R]) to the target, a scalar; differentiable.</summary>
    public Tensor Compute(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        return PerImage(images).sum().MoveToOuterDisposeScope();
    }

    /// <summary>The weighted distance of each of <paramref name="images"/> ([N, 3, R, R]) to the target, [N]; differentiable.</summary>
    public Tensor PerImage(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = torch.NewDisposeScope();
        var x = images.to(ScalarType.Float32);
        var n = x.shape[0];
        var total = torch.zeros([n], device: x.device);
        if (_targetD is not null)
            total = total + Weights.DFeatures * DiscriminatorFeatures.Distance(DiscriminatorFeatures.Extract(_d!, x), _targetD);
        if (Weights.Mse != 0) total = total + Weights.Mse * (x - _target).square().mean([1, 2, 3]);
        if (Weights.MsSsim != 0) total = total + Weights.MsSsim * (1 - MsSsim.Compute(x, _target.expand_as(x)));
        if (_targetLpips is not null) total = total + Weights.Lpips * LpipsNetwork.Distance(_lpips!.Features(x), _targetLpips);
        return total.MoveToOuterDisposeScope();
    }

    /// <summary>Frees the target and its features.</summary>
    public void Dispose()
    {
        _target.Dispose();
        foreach (var f in _targetD ?? []) f.Dispose();
        _targetLpips?.Dispose();
    }
}
