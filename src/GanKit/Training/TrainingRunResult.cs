namespace GanKit.Training;

/// <summary>How a <see cref="TrainingRun"/> ended.</summary>
/// <param name="RunDirectory">The run folder.</param>
/// <param name="Progress">Where the run stood at the end.</param>
/// <param name="LastSnapshot">The last snapshot written.</param>
/// <param name="Stopped">True when stopped early (cancellation or <see cref="TrainingRun.Stop"/>), false when it reached its length.</param>
public sealed record TrainingRunResult(string RunDirectory, TrainingProgress Progress, string LastSnapshot, bool Stopped);
