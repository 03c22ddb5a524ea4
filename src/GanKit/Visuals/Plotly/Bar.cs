namespace GanKit.Visuals.Plotly;

/// <summary>Bars (Plotly's <c>bar</c> trace): explained variance per component, scores per class.</summary>
public sealed class Bar : Trace
{
    /// <summary>Bar positions (vertical bars) or lengths (horizontal).</summary>
    public DataArray? X { get; set; }

    /// <summary>Bar lengths (vertical bars) or positions (horizontal).</summary>
    public DataArray? Y { get; set; }

    /// <summary>"v" (default) or "h".</summary>
    public string? Orientation { get; set; }

    /// <summary>Bar colour and outline.</summary>
    public Marker? Marker { get; set; }
}
