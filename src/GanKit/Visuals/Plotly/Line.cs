namespace GanKit.Visuals.Plotly;

/// <summary>Line appearance of a scatter trace.</summary>
public sealed class Line
{
    /// <summary>CSS colour.</summary>
    public string? Color { get; set; }

    /// <summary>Width in pixels.</summary>
    public double? Width { get; set; }

    /// <summary>"solid", "dot", "dash", "longdash", "dashdot".</summary>
    public string? Dash { get; set; }
}
