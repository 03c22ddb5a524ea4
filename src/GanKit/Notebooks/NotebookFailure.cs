namespace GanKit.Notebooks;

/// <summary>The cell where a notebook run stopped, and why.</summary>
/// <param name="CellIndex">Zero-based index among all cells (markdown included), as in the .ipynb file.</param>
/// <param name="CellCount">Number of cells in the notebook.</param>
/// <param name="FirstLine">The cell's first non-blank line.</param>
/// <param name="Line">One-based line within the cell, when known.</param>
/// <param name="Kind">Compilation error, exception, timeout or cancellation.</param>
/// <param name="Message">The compiler diagnostics or the exception type and message.</param>
public sealed record NotebookFailure(int CellIndex, int CellCount, string FirstLine, int? Line, NotebookFailureKind Kind, string Message)
{
    /// <summary>One line (plus any further diagnostics) naming the cell, the line and the error.</summary>
    public override string ToString()
    {
        var line = Line is { } l ? $", line {l}" : "";
        var what = Kind switch
        {
            NotebookFailureKind.Compilation => "does not compile",
            NotebookFailureKind.Exception => "threw",
            NotebookFailureKind.Timeout => "timed out",
            _ => "was cancelled",
        };
        return $"cell {CellIndex + 1} of {CellCount} (index {CellIndex}: `{FirstLine}`){line} {what}: {Message}";
    }
}
