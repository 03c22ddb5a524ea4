namespace GanKit.Visuals.Plotly;

/// <summary>Points and/or lines (plotly.js' <c>scatter</c> trace): loss curves, points on a plane.</summary>
public sealed class Scatter : Trace
{
    /// <summary>"lines", "markers", "lines+markers", ...</summary>
    public string? Mode { get; set; }

    /// <summary>Horizontal coordinates (default 0, 1, 2, ...).</summary>
    public DataArray? X { get; set; }

    /// <summary>Vertical coordinates.</summary>
    public DataArray? Y { get; set; }

    /// <summary>Marker appearance.</summary>
    public Marker? Marker { get; set; }

    /// <summary>Line appearance.</summary>
    public Line? Line { get; set; }
}
