using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>Text placed on the figure, such as a subplot title.</summary>
public sealed class Annotation
{
    /// <summary>The text (may contain simple HTML such as &lt;b&gt;).</summary>
    public string? Text { get; set; }

    /// <summary>Horizontal position.</summary>
    public double? X { get; set; }

    /// <summary>Vertical position.</summary>
    public double? Y { get; set; }

    /// <summary>"paper" (fractions of the figure) or an axis id such as "x2".</summary>
    [JsonPropertyName("xref")]
    public string? XRef { get; set; }

    /// <summary>"paper" or an axis id such as "y2".</summary>
    [JsonPropertyName("yref")]
    public string? YRef { get; set; }

    /// <summary>"left", "center", "right".</summary>
    public string? XAnchor { get; set; }

    /// <summary>"top", "middle", "bottom".</summary>
    public string? YAnchor { get; set; }

    /// <summary>Whether an arrow points at (x, y); usually false for titles.</summary>
    public bool? ShowArrow { get; set; }

    /// <summary>Text style.</summary>
    public Font? Font { get; set; }
}
