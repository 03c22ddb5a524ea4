using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>Legend placement.</summary>
public sealed class Legend
{
    /// <summary>Horizontal position, in fractions of the plot area.</summary>
    public double? X { get; set; }

    /// <summary>Vertical position, in fractions of the plot area.</summary>
    public double? Y { get; set; }

    /// <summary>"v" (default) or "h".</summary>
    public string? Orientation { get; set; }

    /// <summary>"left", "center", "right" or "auto".</summary>
    public string? XAnchor { get; set; }

    /// <summary>"top", "middle", "bottom" or "auto".</summary>
    public string? YAnchor { get; set; }

    /// <summary>Background colour.</summary>
    [JsonPropertyName("bgcolor")]
    public string? BackgroundColor { get; set; }
}
