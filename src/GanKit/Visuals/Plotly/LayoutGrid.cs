namespace GanKit.Visuals.Plotly;

/// <summary>
/// Plotly's automatic subplot grid: with <c>Rows</c> x <c>Columns</c> and pattern "independent", traces on
/// axes x/y, x2/y2, ... fill the cells in order without setting domains by hand.
/// </summary>
public sealed class LayoutGrid
{
    /// <summary>Number of rows.</summary>
    public int? Rows { get; set; }

    /// <summary>Number of columns.</summary>
    public int? Columns { get; set; }

    /// <summary>"independent" (each cell its own axes) or "coupled" (shared x per column, y per row).</summary>
    public string? Pattern { get; set; }

    /// <summary>"top to bottom" (default) or "bottom to top".</summary>
    public string? RowOrder { get; set; }
}
