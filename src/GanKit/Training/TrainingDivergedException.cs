namespace GanKit.Training;

/// <summary>
/// A loss became NaN or infinite: the run stops without writing a snapshot of the broken state, so the last
/// snapshot on disk is the last good one.
/// </summary>
public sealed class TrainingDivergedException : InvalidOperationException
{
    /// <summary>Describes the non-finite value of <paramref name="phase"/>.</summary>
    public TrainingDivergedException(LossPhase phase, string quantity, double value, long curNimg, string? lastSnapshot)
        : base($"training stopped: the {phase} phase's {quantity} is {(double.IsNaN(value) ? "NaN" : value.ToString(System.Globalization.CultureInfo.InvariantCulture))} " +
               $"at {curNimg / 1000.0:0.000} kimg; " +
               (lastSnapshot is null ? "no snapshot had been written yet" : $"the last good snapshot is '{lastSnapshot}'") +
               " (try a smaller learning rate or --gamma, or check the data)")
    {
        Phase = phase;
        Quantity = quantity;
        LastSnapshot = lastSnapshot;
    }

    /// <summary>The phase whose loss was not finite.</summary>
    public LossPhase Phase { get; }

    /// <summary>Which value (G loss, R1 penalty, ...).</summary>
    public string Quantity { get; }

    /// <summary>The last snapshot written before, or null.</summary>
    public string? LastSnapshot { get; }
}
