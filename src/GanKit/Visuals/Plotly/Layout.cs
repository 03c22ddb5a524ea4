using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>Everything about a figure that is not data: title, size, axes, legend, animation controls.</summary>
public sealed class Layout
{
    /// <summary>Figure title.</summary>
    [JsonConverter(typeof(TitleConverter))]
    public string? Title { get; set; }

    /// <summary>Width in pixels (default: the container's width).</summary>
    public int? Width { get; set; }

    /// <summary>Height in pixels (default 450).</summary>
    public int? Height { get; set; }

    /// <summary>The x axis.</summary>
    public Axis? XAxis { get; set; }

    /// <summary>The y axis.</summary>
    public Axis? YAxis { get; set; }

    /// <summary>Legend placement.</summary>
    public Legend? Legend { get; set; }

    /// <summary>Sliders (for animation frames).</summary>
    public List<Slider>? Sliders { get; set; }

    /// <summary>Button rows (Play/Pause for animations).</summary>
    public List<UpdateMenu>? UpdateMenus { get; set; }

    /// <summary>Any other layout attribute by its plotly.js schema name (for example "barmode"), written as is.</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extra { get; set; }
}
