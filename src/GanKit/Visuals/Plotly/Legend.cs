namespace GanKit.Visuals.Plotly;

/// <summary>Legend placement (plotly.js' <c>layout.legend</c>).</summary>
public sealed class Legend
{
    /// <summary>"v" (default) or "h".</summary>
    public string? Orientation { get; set; }

    /// <summary>Vertical position, in fractions of the plot area.</summary>
    public double? Y { get; set; }

    /// <summary>"top", "middle", "bottom" or "auto": which edge of the legend sits at <see cref="Y"/>.</summary>
    public string? YAnchor { get; set; }
}
