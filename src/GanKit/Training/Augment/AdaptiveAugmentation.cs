namespace GanKit.Training.Augment;

/// <summary>
/// Adaptive p (Karras et al. 2020, §3): the overfitting heuristic r_t = E[sign(D(x_real))] is averaged over the real
/// logits of <see cref="Interval"/> minibatches; then p moves by sign(r_t − target) · batch · interval / (speed · 1000),
/// so that it could go from 0 to 1 in <see cref="SpeedKimg"/> thousand images, and is kept in [0, 1]. An r_t above the
/// target means D is confident on the reals: it is starting to memorise them, so augment more.
/// </summary>
public sealed class AdaptiveAugmentation
{
    private double _signSum;
    private long _signCount;

    /// <summary>Adjusts <paramref name="pipeline"/>'s p toward r_t = <paramref name="target"/>.</summary>
    public AdaptiveAugmentation(AugmentPipeline pipeline, double target = 0.6, int interval = 4, double speedKimg = 500)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (!(target > -1 && target < 1)) throw new ArgumentOutOfRangeException(nameof(target), target, "--target must be a number in (−1, 1) (0.6 in the paper)");
        if (interval < 1) throw new ArgumentOutOfRangeException(nameof(interval), interval, "the adjustment interval must be at least 1 minibatch");
        if (!(speedKimg > 0) || double.IsInfinity(speedKimg)) throw new ArgumentOutOfRangeException(nameof(speedKimg), speedKimg, "the adjustment speed must be a number > 0 kimg");
        Pipeline = pipeline;
        Target = target;
        Interval = interval;
        SpeedKimg = speedKimg;
    }

    /// <summary>The pipeline whose p is adjusted.</summary>
    public AugmentPipeline Pipeline { get; }

    /// <summary>The r_t that p is steered toward.</summary>
    public double Target { get; }

    /// <summary>Minibatches between adjustments.</summary>
    public int Interval { get; }

    /// <summary>Thousands of images over which p could go from 0 to 1.</summary>
    public double SpeedKimg { get; }

    /// <summary>The r_t of the last adjustment, or null before the first.</summary>
    public double? LastRt { get; private set; }

    /// <summary>The signs gathered since the last adjustment (sum, count), for a training snapshot.</summary>
    public (double Sum, long Count) Pending => (_signSum, _signCount);

    /// <summary>Adds the real logits' signs of one phase: their sum and how many there were.</summary>
    public void Accumulate(double signSum, long count)
    {
        _signSum += signSum;
        _signCount += count;
    }

    /// <summary>
    /// Called after each minibatch with the number of minibatches done and the batch size: every
    /// <see cref="Interval"/> minibatches, moves p and starts a new average. Returns true when it adjusted.
    /// </summary>
    public bool AfterMinibatch(long batchIndex, int batchSize)
    {
        if (batchIndex % Interval != 0 || _signCount == 0) return false;
        var rt = _signSum / _signCount;
        var step = Math.Sign(rt - Target) * (double)batchSize * Interval / (SpeedKimg * 1000);
        Pipeline.P = Math.Clamp(Pipeline.P + step, 0, 1);
        LastRt = rt;
        (_signSum, _signCount) = (0, 0);
        return true;
    }

    /// <summary>Restores the state a snapshot saved: p, the pending signs and the last r_t.</summary>
    public void Restore(double p, double signSum, long signCount, double? lastRt)
    {
        Pipeline.P = p;
        (_signSum, _signCount) = (signSum, signCount);
        LastRt = lastRt;
    }
}
