using System.Text.Json.Nodes;

namespace GanKit.Visuals.Plotly;

/// <summary>One button of an <see cref="UpdateMenu"/>, such as Play.</summary>
public sealed class MenuButton
{
    /// <summary>Button text.</summary>
    public string? Label { get; set; }

    /// <summary>The plotly.js method to call, such as "animate".</summary>
    public string? Method { get; set; }

    /// <summary>The method's arguments, as plotly.js takes them.</summary>
    public JsonArray? Args { get; set; }
}
