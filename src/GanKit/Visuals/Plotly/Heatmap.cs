using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>A grid of coloured cells (plotly.js' <c>heatmap</c> trace): a classifier's belief over a plane, feature maps.</summary>
public sealed class Heatmap : Trace
{
    /// <summary>The values, one inner array per row.</summary>
    public DataMatrix? Z { get; set; }

    /// <summary>Column coordinates or labels.</summary>
    public DataArray? X { get; set; }

    /// <summary>Row coordinates or labels.</summary>
    public DataArray? Y { get; set; }

    /// <summary>Colour scale, such as "Viridis", or explicit stops.</summary>
    public ColorScale? ColorScale { get; set; }

    /// <summary>Value mapped to the lowest colour (default: the data minimum).</summary>
    [JsonPropertyName("zmin")]
    public double? ZMin { get; set; }

    /// <summary>Value mapped to the highest colour (default: the data maximum).</summary>
    [JsonPropertyName("zmax")]
    public double? ZMax { get; set; }
}
