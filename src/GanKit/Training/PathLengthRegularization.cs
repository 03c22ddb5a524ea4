using GanKit.Torch;

namespace GanKit.Training;

/// <summary>
/// Path-length regularisation (StyleGAN2, §3.2): a fixed-size step in W should change the image by a fixed
/// amount, whatever the direction. With Jacobian J = ∂g(w)/∂w and y ~ N(0, I) image noise scaled by 1/√(H·W),
/// the length ‖Jᵀy‖ (per image, averaged over the ws) is pulled toward its running mean a:
/// penalty = (‖Jᵀy‖ − a)² · weight, where a = lerp(a, mean ‖Jᵀy‖, decay) is updated first.
/// It runs on a batch shrunk by <see cref="BatchShrink"/> to save time.
/// </summary>
public sealed class PathLengthRegularization : IDisposable
{
    /// <summary>Weight 2, decay 0.01 and batch shrink 2, as StyleGAN2 trains.</summary>
    public PathLengthRegularization(double weight = 2, double decay = 0.01, int batchShrink = 2)
    {
        if (!(weight >= 0)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "path length: the weight must be ≥ 0");
        if (decay is < 0 or > 1 || double.IsNaN(decay)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "path length: the decay must be in [0, 1]");
        if (batchShrink < 1) throw new ArgumentOutOfRangeException(nameof(batchShrink), batchShrink, "path length: the batch shrink must be ≥ 1");
        Weight = weight;
        Decay = decay;
        BatchShrink = batchShrink;
        pl_mean = torch.zeros([], ScalarType.Float32);
        pl_mean.DetachFromDisposeScope();
    }

    /// <summary>The penalty's weight.</summary>
    public double Weight { get; }

    /// <summary>How far the running mean moves toward each batch's mean length.</summary>
    public double Decay { get; }

    /// <summary>The regularisation batch is the phase's batch divided by this (at least one image).</summary>
    public int BatchShrink { get; }

    /// <summary>The running mean a of the path lengths (a float32 scalar; starts at 0), part of the training state.</summary>
    public Tensor pl_mean { get; private set; }

    /// <summary>The running mean as a number.</summary>
    public double PlMean => pl_mean.ToDouble();

    /// <summary>Sets the running mean, e.g. when resuming a run.</summary>
    public void SetPlMean(double value)
    {
        using var noGrad = torch.no_grad();
        pl_mean.fill_(value);
    }

    /// <summary>The regularisation batch for a phase batch of <paramref name="batch"/> images.</summary>
    public long ShrunkBatch(long batch) => Math.Max(batch / BatchShrink, 1);

    /// <summary>
    /// The weighted penalty per image [N] and the path lengths ‖Jᵀy‖ [N] for <paramref name="images"/> synthesised
    /// from <paramref name="ws"/> [N, num_ws, w_dim], with <paramref name="noise"/> y ~ N(0, I) shaped like the images
    /// (scaled here by 1/√(H·W)). Updates <see cref="pl_mean"/>. The penalty keeps the graph (double backward), so
    /// its gradient reaches every parameter the Jacobian depends on.
    /// </summary>
    public (Tensor Penalty, Tensor Lengths) Penalty(Tensor images, Tensor ws, Tensor noise)
    {
        if (!noise.shape.SequenceEqual(images.shape))
            throw new ArgumentException($"path length: the noise must be shaped like the images [{string.Join(", ", images.shape)}], got [{string.Join(", ", noise.shape)}]", nameof(noise));
        using var scope = torch.NewDisposeScope();
        var pixels = images.size(2) * images.size(3);
        var y = noise / Math.Sqrt(pixels);
        var jty = Autograd.grad([(images * y).sum()], [ws], create_graph: true)[0];
        var lengths = jty.square().sum(2).mean([1]).sqrt();
        if (pl_mean.device_type != lengths.device_type || pl_mean.device_index != lengths.device_index) MoveTo(lengths.device);
        // The penalty is measured against the updated mean, through which the batch's own lengths also act.
        var mean = pl_mean.Lerp(lengths.mean(), Decay);
        using (torch.no_grad()) pl_mean.copy_(mean.detach());
        var penalty = (lengths - mean).square() * Weight;
        return (penalty.MoveToOuterDisposeScope(), lengths.detach().MoveToOuterDisposeScope());
    }

    private void MoveTo(Device device)
    {
        var moved = pl_mean.to(device);
        moved.DetachFromDisposeScope();
        pl_mean.Dispose();
        pl_mean = moved;
    }

    /// <summary>Frees the running mean.</summary>
    public void Dispose() => pl_mean.Dispose();
}
