namespace GanKit.Visuals.Plotly;

/// <summary>The "current value" label of a <see cref="Slider"/>.</summary>
public sealed class SliderCurrentValue
{
    /// <summary>Text before the step label, such as "ψ = ".</summary>
    public string? Prefix { get; set; }

    /// <summary>Whether the label is shown.</summary>
    public bool? Visible { get; set; }

    /// <summary>"left", "center", "right".</summary>
    public string? XAnchor { get; set; }
}
