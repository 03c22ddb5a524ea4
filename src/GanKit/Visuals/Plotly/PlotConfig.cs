namespace GanKit.Visuals.Plotly;

/// <summary>Plotly's chart configuration (the third argument of <c>Plotly.newPlot</c>).</summary>
public sealed class PlotConfig
{
    /// <summary>Whether the chart resizes with its container.</summary>
    public bool? Responsive { get; set; } = true;

    /// <summary>Whether the Plotly logo shows in the mode bar.</summary>
    public bool? DisplayLogo { get; set; } = false;

    /// <summary>true, false, or "hover" (the default).</summary>
    public object? DisplayModeBar { get; set; }

    /// <summary>Whether the chart ignores interaction (for static handouts).</summary>
    public bool? StaticPlot { get; set; }

    /// <summary>Whether the mouse wheel zooms.</summary>
    public bool? ScrollZoom { get; set; }
}
