namespace GanKit.Visuals.Plotly;

/// <summary>Line appearance (for scatter lines and marker outlines).</summary>
public sealed class Line
{
    /// <summary>CSS colour.</summary>
    public string? Color { get; set; }

    /// <summary>Width in pixels.</summary>
    public double? Width { get; set; }

    /// <summary>"solid", "dot", "dash", "longdash", "dashdot".</summary>
    public string? Dash { get; set; }

    /// <summary>"linear", "spline", "hv" (steps), ...</summary>
    public string? Shape { get; set; }
}
