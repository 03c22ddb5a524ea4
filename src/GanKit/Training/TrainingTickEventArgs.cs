using GanKit.Imaging;

namespace GanKit.Training;

/// <summary>One tick of a <see cref="TrainingRun"/>: its statistics and the latest fakes grid, for a live chart and image.</summary>
public sealed class TrainingTickEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public TrainingTickEventArgs(TrainingTickStats stats, RgbImage? fakes, string? snapshot)
    {
        Stats = stats;
        Fakes = fakes;
        Snapshot = snapshot;
    }

    /// <summary>The tick's statistics (the line written to <c>stats.jsonl</c>).</summary>
    public TrainingTickStats Stats { get; }

    /// <summary>The latest fakes grid from G_ema (updated at the start and at every snapshot), or null.</summary>
    public RgbImage? Fakes { get; }

    /// <summary>The snapshot written at this tick, or null.</summary>
    public string? Snapshot { get; }
}
