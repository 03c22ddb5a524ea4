namespace GanKit.Training;

/// <summary>
/// The statistics of one phase (means over its batch, as numbers); the members a phase does not compute are
/// null. The loss values are before the phase's gain.
/// </summary>
public sealed record PhaseLosses(LossPhase Phase)
{
    /// <summary>G's main loss, mean softplus(−D(G(z))).</summary>
    public double? GeneratorLoss { get; init; }

    /// <summary>D's loss on fakes, mean softplus(D(G(z))).</summary>
    public double? DiscriminatorLossFake { get; init; }

    /// <summary>D's loss on reals, mean softplus(−D(x)).</summary>
    public double? DiscriminatorLossReal { get; init; }

    /// <summary>Mean D logit on the fakes.</summary>
    public double? FakeScore { get; init; }

    /// <summary>Mean D logit on the reals.</summary>
    public double? RealScore { get; init; }

    /// <summary>Sum of sign(D(x)) over the reals of a D main phase: the overfitting heuristic r_t's numerator.</summary>
    public double? RealSignSum { get; init; }

    /// <summary>How many real logits <see cref="RealSignSum"/> sums.</summary>
    public long? RealCount { get; init; }

    /// <summary>Mean weighted path-length penalty, (‖Jᵀy‖ − a)² · weight.</summary>
    public double? PathLengthPenalty { get; init; }

    /// <summary>Mean path length ‖Jᵀy‖ of the batch.</summary>
    public double? PathLength { get; init; }

    /// <summary>The running path-length mean after the phase.</summary>
    public double? PlMean { get; init; }

    /// <summary>Mean squared gradient norm ‖∇ₓD(x)‖² on the reals (before γ/2).</summary>
    public double? R1Penalty { get; init; }

    /// <summary>Every loss value the phase computed, for a NaN/Inf check.</summary>
    public IEnumerable<(string Name, double Value)> Values()
    {
        if (GeneratorLoss is { } g) yield return ("G loss", g);
        if (DiscriminatorLossFake is { } df) yield return ("D loss (fakes)", df);
        if (DiscriminatorLossReal is { } dr) yield return ("D loss (reals)", dr);
        if (PathLengthPenalty is { } pl) yield return ("path-length penalty", pl);
        if (R1Penalty is { } r1) yield return ("R1 penalty", r1);
    }

    /// <summary>True when every loss value is finite.</summary>
    public bool IsFinite => Values().All(v => double.IsFinite(v.Value));
}
