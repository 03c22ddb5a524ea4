using System.Text.Json.Nodes;

namespace GanKit.Visuals.Plotly;

/// <summary>One stop of a <see cref="Slider"/>.</summary>
public sealed class SliderStep
{
    /// <summary>Text under the tick.</summary>
    public string? Label { get; set; }

    /// <summary>The plotly.js method to call, such as "animate".</summary>
    public string? Method { get; set; }

    /// <summary>The method's arguments, as plotly.js takes them.</summary>
    public JsonArray? Args { get; set; }
}
