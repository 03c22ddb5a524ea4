namespace GanKit.Training;

/// <summary>What one <see cref="TrainingStep.Run"/> did: the phases it ran, in order, and the G_ema β it used.</summary>
/// <param name="Phases">The statistics of each phase run.</param>
/// <param name="EmaBeta">β of the G_ema update.</param>
/// <param name="CurNimg">Images seen after the step.</param>
public sealed record TrainingStepResult(IReadOnlyList<PhaseLosses> Phases, double EmaBeta, long CurNimg)
{
    /// <summary>The first phase with a NaN or infinite loss, or null when all are finite.</summary>
    public PhaseLosses? FirstNonFinite => Phases.FirstOrDefault(p => !p.IsFinite);

    /// <summary>The augmentation probability after the step, or null without augmentation.</summary>
    public double? AugmentP { get; init; }
}
