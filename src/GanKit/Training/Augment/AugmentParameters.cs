namespace GanKit.Training.Augment;

/// <summary>
/// The random draws of one augmentation of a batch of N images, on the CPU: what <see cref="AugmentPipeline.Apply"/>
/// does to each image. A null member is a transform group the pipeline does not use. Drawing and applying are
/// separate so that a test (or a figure) can apply the same draw twice or inspect it.
/// </summary>
public sealed record AugmentParameters : IDisposable
{
    /// <summary>Images per draw.</summary>
    public required long Count { get; init; }

    /// <summary>x-flip per image [N] (0 or 1).</summary>
    public Tensor? Flip { get; init; }

    /// <summary>Counter-clockwise quarter turns per image [N] (0–3, int64).</summary>
    public Tensor? QuarterTurns { get; init; }

    /// <summary>Integer translation per image [N, 2] in pixels (x, y; int64): content moves right and down by this much.</summary>
    public Tensor? Shift { get; init; }

    /// <summary>
    /// The general geometric transform per image [N, 3, 3], as the inverse map: output pixel coordinates (from the
    /// image centre, in pixels) to the input coordinates sampled.
    /// </summary>
    public Tensor? InverseGeometry { get; init; }

    /// <summary>The colour transform per image [N, 4, 4], acting on (r, g, b, 1).</summary>
    public Tensor? Color { get; init; }

    /// <summary>Gains of the four frequency bands per image [N, 4], lowest first, normalised to keep the expected energy.</summary>
    public Tensor? BandGains { get; init; }

    /// <summary>σ of additive noise per image [N] (0 where not applied).</summary>
    public Tensor? NoiseSigma { get; init; }

    /// <summary>Cutout centre per image [N, 2] in [0, 1]² (x, y) and whether it is applied [N] (0 or 1).</summary>
    public (Tensor Center, Tensor Applied)? Cutout { get; init; }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Flip?.Dispose();
        QuarterTurns?.Dispose();
        Shift?.Dispose();
        InverseGeometry?.Dispose();
        Color?.Dispose();
        BandGains?.Dispose();
        NoiseSigma?.Dispose();
        if (Cutout is { } c)
        {
            c.Center.Dispose();
            c.Applied.Dispose();
        }
    }
}
