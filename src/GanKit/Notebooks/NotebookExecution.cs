namespace GanKit.Notebooks;

/// <summary>What one run of a notebook in the .NET Interactive kernel produced (see <see cref="Nbconvert"/>).</summary>
/// <param name="NotebookPath">The notebook that ran (unchanged).</param>
/// <param name="ExecutedPath">The executed copy, with outputs; written even when a cell failed.</param>
/// <param name="HtmlPath">The HTML page nbconvert made from the executed copy, or null when none was asked for or it could not be made.</param>
/// <param name="Elapsed">Wall time of the execution (kernel start, package restore and every cell).</param>
/// <param name="CellTimes">Each code cell's time in the kernel, by cell index, as nbclient recorded it.</param>
/// <param name="Failure">The first failing cell, or why the run failed; null when every cell ran.</param>
/// <param name="Log">What nbconvert wrote to its error stream (the kernel's start-up log among it).</param>
public sealed record NotebookExecution(
    string NotebookPath,
    string ExecutedPath,
    string? HtmlPath,
    TimeSpan Elapsed,
    IReadOnlyList<KeyValuePair<int, TimeSpan>> CellTimes,
    NotebookFailure? Failure,
    string Log)
{
    /// <summary>Whether every cell ran without an error.</summary>
    public bool Succeeded => Failure is null;
}
