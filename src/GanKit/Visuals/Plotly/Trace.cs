using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// One data series of a figure. Serialised with its Plotly <c>type</c> first (<c>"scatter"</c>,
/// <c>"bar"</c>, <c>"heatmap"</c>, <c>"histogram"</c>); attributes left null take plotly.js defaults.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Scatter), "scatter")]
[JsonDerivedType(typeof(Bar), "bar")]
[JsonDerivedType(typeof(Heatmap), "heatmap")]
[JsonDerivedType(typeof(Histogram), "histogram")]
public abstract class Trace
{
    /// <summary>Legend entry and hover label.</summary>
    public string? Name { get; set; }

    /// <summary>Whether the trace appears in the legend.</summary>
    public bool? ShowLegend { get; set; }

    /// <summary>Traces with the same group toggle together in the legend.</summary>
    public string? LegendGroup { get; set; }

    /// <summary>Opacity of the whole trace, 0 to 1.</summary>
    public double? Opacity { get; set; }

    /// <summary>Which x axis the trace uses in a subplot layout: "x" (default), "x2", "x3", ...</summary>
    public string? XAxis { get; set; }

    /// <summary>Which y axis the trace uses: "y" (default), "y2", ...</summary>
    public string? YAxis { get; set; }

    /// <summary>Per-point text, shown on hover (or on the plot with a text mode).</summary>
    public DataArray? Text { get; set; }

    /// <summary>Hover label template, such as <c>"seed %{x}: %{y:.3f}&lt;extra&gt;&lt;/extra&gt;"</c>.</summary>
    public string? HoverTemplate { get; set; }

    /// <summary>Any other Plotly attribute by its schema name, written as is (for what the typed model lacks).</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extra { get; set; }
}
