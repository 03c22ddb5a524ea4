using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>Counts of values in bins (Plotly's <c>histogram</c> trace): distributions of latents or scores.</summary>
public sealed class Histogram : Trace
{
    /// <summary>Values to bin along x (vertical bars).</summary>
    public DataArray? X { get; set; }

    /// <summary>Values to bin along y (horizontal bars).</summary>
    public DataArray? Y { get; set; }

    /// <summary>Upper bound on the number of x bins.</summary>
    [JsonPropertyName("nbinsx")]
    public int? NBinsX { get; set; }

    /// <summary>"" (counts), "percent", "probability", "density", "probability density".</summary>
    public string? HistNorm { get; set; }

    /// <summary>Bar colour and outline.</summary>
    public Marker? Marker { get; set; }
}
