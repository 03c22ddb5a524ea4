namespace GanKit.Visuals.Plotly;

/// <summary>Point or bar appearance.</summary>
public sealed class Marker
{
    /// <summary>A CSS colour, such as <c>"#1f77b4"</c> or <c>"crimson"</c>.</summary>
    public string? Color { get; set; }

    /// <summary>Marker size in pixels.</summary>
    public double? Size { get; set; }

    /// <summary>Marker opacity, 0 to 1.</summary>
    public double? Opacity { get; set; }
}
