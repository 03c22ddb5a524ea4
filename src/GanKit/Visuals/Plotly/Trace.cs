using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// One data series of a figure. Serialised with its plotly.js <c>type</c> first (<c>"scatter"</c>,
/// <c>"bar"</c>, <c>"heatmap"</c>); attributes left null take plotly.js defaults.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Scatter), "scatter")]
[JsonDerivedType(typeof(Bar), "bar")]
[JsonDerivedType(typeof(Heatmap), "heatmap")]
public abstract class Trace
{
    /// <summary>Legend entry and hover label.</summary>
    public string? Name { get; set; }

    /// <summary>Hover label template, such as <c>"seed %{x}: %{y:.3f}&lt;extra&gt;&lt;/extra&gt;"</c>.</summary>
    public string? HoverTemplate { get; set; }

    /// <summary>
    /// Any other plotly.js attribute by its schema name, written as is, for what the typed model leaves out
    /// (such as a heatmap's <c>colorbar</c>).
    /// </summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extra { get; set; }
}
