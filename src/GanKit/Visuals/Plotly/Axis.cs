using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>An x or y axis of the layout (plotly.js' <c>layout.xaxis</c>, <c>layout.yaxis</c>).</summary>
public sealed class Axis
{
    /// <summary>Axis title.</summary>
    [JsonConverter(typeof(TitleConverter))]
    public string? Title { get; set; }

    /// <summary>Shown range as [min, max] (default: fitted to the data).</summary>
    public double[]? Range { get; set; }

    /// <summary>Ties this axis' scale to another, such as "x" on a y axis for a square plane or square heatmap cells.</summary>
    public string? ScaleAnchor { get; set; }

    /// <summary>Whether the zero line is drawn.</summary>
    public bool? ZeroLine { get; set; }
}
