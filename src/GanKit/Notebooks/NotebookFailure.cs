namespace GanKit.Notebooks;

/// <summary>Why a notebook run failed: the first cell whose output is an error, or the run itself.</summary>
/// <param name="CellIndex">Zero-based index among all cells (markdown included), as in the .ipynb file; null when no cell is to blame (the kernel did not start, the run timed out).</param>
/// <param name="CellCount">Number of cells in the notebook.</param>
/// <param name="FirstLine">The failing cell's first non-blank line, or "".</param>
/// <param name="Message">The kernel's error: the compiler diagnostics or the exception's type and message.</param>
public sealed record NotebookFailure(int? CellIndex, int CellCount, string FirstLine, string Message)
{
    /// <summary>The cell (number, index and first line) and the error, for one line of a test or CLI message.</summary>
    public override string ToString() => CellIndex is { } index
        ? $"cell {index + 1} of {CellCount} (index {index}: `{FirstLine}`) failed: {Message}"
        : Message;
}
