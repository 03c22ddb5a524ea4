namespace GanKit.Notebooks;

/// <summary>The outcome of a notebook run.</summary>
/// <param name="Notebook">A copy of the notebook with the outputs of every cell that ran (and the error output of the failing one).</param>
/// <param name="Failure">Where and why the run stopped, or null when every cell ran.</param>
/// <param name="CellsRun">Number of code cells executed (the failing one included).</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record NotebookRunResult(NotebookDocument Notebook, NotebookFailure? Failure, int CellsRun, TimeSpan Elapsed)
{
    /// <summary>Whether every code cell ran without error.</summary>
    public bool Succeeded => Failure is null;
}
