namespace GanKit.Visuals.Plotly;

/// <summary>plotly.js' chart configuration (the third argument of <c>Plotly.newPlot</c>).</summary>
public sealed class PlotConfig
{
    /// <summary>Whether the chart resizes with its container.</summary>
    public bool? Responsive { get; set; } = true;

    /// <summary>Whether the Plotly logo shows in the mode bar.</summary>
    public bool? DisplayLogo { get; set; } = false;
}
