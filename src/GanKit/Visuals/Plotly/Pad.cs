namespace GanKit.Visuals.Plotly;

/// <summary>Space in pixels around a slider or a button row (plotly.js' <c>pad</c>); GanKit's controls set the top only.</summary>
public sealed class Pad
{
    /// <summary>Top.</summary>
    public int? T { get; set; }
}
