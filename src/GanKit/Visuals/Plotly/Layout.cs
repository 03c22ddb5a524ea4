using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// Everything about a figure that is not data: title, size, axes, legend, subplot grid, animation
/// controls. Subplots use <see cref="XAxis2"/>/<see cref="YAxis2"/>... with domains, or <see cref="Grid"/>.
/// </summary>
public sealed class Layout
{
    /// <summary>Figure title.</summary>
    [JsonConverter(typeof(TitleConverter))]
    public string? Title { get; set; }

    /// <summary>Width in pixels (default: the container's width).</summary>
    public int? Width { get; set; }

    /// <summary>Height in pixels (default 450).</summary>
    public int? Height { get; set; }

    /// <summary>Whether the legend is shown.</summary>
    public bool? ShowLegend { get; set; }

    /// <summary>Legend placement.</summary>
    public Legend? Legend { get; set; }

    /// <summary>Space around the plot area.</summary>
    public Margin? Margin { get; set; }

    /// <summary>Default text style.</summary>
    public Font? Font { get; set; }

    /// <summary>The first x axis.</summary>
    public Axis? XAxis { get; set; }

    /// <summary>The first y axis.</summary>
    public Axis? YAxis { get; set; }

    /// <summary>The second x axis (traces with <c>XAxis = "x2"</c>).</summary>
    [JsonPropertyName("xaxis2")]
    public Axis? XAxis2 { get; set; }

    /// <summary>The second y axis (traces with <c>YAxis = "y2"</c>).</summary>
    [JsonPropertyName("yaxis2")]
    public Axis? YAxis2 { get; set; }

    /// <summary>The third x axis.</summary>
    [JsonPropertyName("xaxis3")]
    public Axis? XAxis3 { get; set; }

    /// <summary>The third y axis.</summary>
    [JsonPropertyName("yaxis3")]
    public Axis? YAxis3 { get; set; }

    /// <summary>The fourth x axis.</summary>
    [JsonPropertyName("xaxis4")]
    public Axis? XAxis4 { get; set; }

    /// <summary>The fourth y axis.</summary>
    [JsonPropertyName("yaxis4")]
    public Axis? YAxis4 { get; set; }

    /// <summary>Automatic subplot grid.</summary>
    public LayoutGrid? Grid { get; set; }

    /// <summary>Text placed on the figure.</summary>
    public List<Annotation>? Annotations { get; set; }

    /// <summary>Sliders (for animation frames or restyling).</summary>
    public List<Slider>? Sliders { get; set; }

    /// <summary>Button rows and dropdowns (Play/Pause for animations).</summary>
    public List<UpdateMenu>? UpdateMenus { get; set; }

    /// <summary>"group", "stack", "overlay" or "relative" for several bar or histogram traces.</summary>
    public string? BarMode { get; set; }

    /// <summary>"closest", "x", "y", "x unified", ...</summary>
    public string? HoverMode { get; set; }

    /// <summary>Colour behind the whole figure.</summary>
    [JsonPropertyName("paper_bgcolor")]
    public string? PaperBackgroundColor { get; set; }

    /// <summary>Colour behind the plot area.</summary>
    [JsonPropertyName("plot_bgcolor")]
    public string? PlotBackgroundColor { get; set; }

    /// <summary>Any other layout attribute by its schema name (for example "xaxis5"), written as is.</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extra { get; set; }
}
