using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>An x or y axis of the layout.</summary>
public sealed class Axis
{
    /// <summary>Axis title.</summary>
    [JsonConverter(typeof(TitleConverter))]
    public string? Title { get; set; }

    /// <summary>Shown range as [min, max] (default: fitted to the data).</summary>
    public double[]? Range { get; set; }

    /// <summary>"linear", "log", "category", "date".</summary>
    public string? Type { get; set; }

    /// <summary>
    /// The fraction of the figure this axis spans, as [start, end] in 0..1: how subplots are placed side by
    /// side (x domains) or stacked (y domains).
    /// </summary>
    public double[]? Domain { get; set; }

    /// <summary>The crossing axis this one attaches to in subplots, such as "y2" for xaxis2.</summary>
    public string? Anchor { get; set; }

    /// <summary>Ties this axis' scale to another, such as "x" on a y axis for square heatmap cells.</summary>
    public string? ScaleAnchor { get; set; }

    /// <summary>Units ratio against <see cref="ScaleAnchor"/>.</summary>
    public double? ScaleRatio { get; set; }

    /// <summary>true, false, or "reversed" (rows top-down, as images are).</summary>
    public object? AutoRange { get; set; }

    /// <summary>Whether grid lines are drawn.</summary>
    public bool? ShowGrid { get; set; }

    /// <summary>Whether the zero line is drawn.</summary>
    public bool? ZeroLine { get; set; }

    /// <summary>Whether tick labels are drawn.</summary>
    public bool? ShowTickLabels { get; set; }

    /// <summary>Distance between ticks.</summary>
    public double? DTick { get; set; }

    /// <summary>Whether the axis is drawn at all.</summary>
    public bool? Visible { get; set; }
}
