namespace GanKit.Visuals.Plotly;

/// <summary>Text style.</summary>
public sealed class Font
{
    /// <summary>CSS font family.</summary>
    public string? Family { get; set; }

    /// <summary>Size in pixels.</summary>
    public double? Size { get; set; }

    /// <summary>CSS colour.</summary>
    public string? Color { get; set; }
}
