namespace GanKit.Visuals.Plotly;

/// <summary>Point or bar appearance.</summary>
public sealed class Marker
{
    /// <summary>A CSS colour string (<c>"#1f77b4"</c>, <c>"crimson"</c>) or one number per point mapped through <see cref="ColorScale"/> (a <see cref="DataArray"/> or array).</summary>
    public object? Color { get; set; }

    /// <summary>Marker size in pixels: one number, or one per point.</summary>
    public object? Size { get; set; }

    /// <summary>Marker opacity, 0 to 1.</summary>
    public double? Opacity { get; set; }

    /// <summary>Symbol name, such as "circle", "square", "x".</summary>
    public string? Symbol { get; set; }

    /// <summary>Scale for numeric <see cref="Color"/> values.</summary>
    public ColorScale? ColorScale { get; set; }

    /// <summary>Whether to draw a colour bar for numeric colours.</summary>
    public bool? ShowScale { get; set; }

    /// <summary>Outline of each marker.</summary>
    public Line? Line { get; set; }
}
