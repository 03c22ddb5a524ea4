namespace GanKit.Visuals.Plotly;

/// <summary>Bars (plotly.js' <c>bar</c> trace): counts per category, explained variance per component.</summary>
public sealed class Bar : Trace
{
    /// <summary>Bar positions: category names or numbers.</summary>
    public DataArray? X { get; set; }

    /// <summary>Bar heights.</summary>
    public DataArray? Y { get; set; }

    /// <summary>Bar colour.</summary>
    public Marker? Marker { get; set; }
}
