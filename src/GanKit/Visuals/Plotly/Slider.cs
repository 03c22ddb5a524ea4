namespace GanKit.Visuals.Plotly;

/// <summary>A slider under the plot (plotly.js' <c>layout.sliders</c>); for animations each step jumps to a frame.</summary>
public sealed class Slider
{
    /// <summary>Index of the step selected at first.</summary>
    public int? Active { get; set; }

    /// <summary>The steps, left to right.</summary>
    public List<SliderStep> Steps { get; set; } = [];

    /// <summary>The label above the slider showing the current step.</summary>
    public SliderCurrentValue? CurrentValue { get; set; }

    /// <summary>Horizontal position, in fractions of the figure.</summary>
    public double? X { get; set; }

    /// <summary>Vertical position, in fractions of the figure.</summary>
    public double? Y { get; set; }

    /// <summary>Length, in fractions of the figure width.</summary>
    public double? Len { get; set; }

    /// <summary>Padding in pixels.</summary>
    public Pad? Pad { get; set; }
}
