using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// System.Text.Json settings that produce Plotly's figure schema: property names lower-cased with no
/// separator (<c>ShowLegend</c> → <c>showlegend</c>; the few snake_case names carry an explicit name) and
/// unset (null) attributes left out so plotly.js applies its defaults.
/// </summary>
public static class PlotlyJson
{
    /// <summary>The serializer options for every Plotly object.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Serializes a Plotly object (figure, trace, layout, ...) to JSON.</summary>
    public static string Serialize<T>(T value, bool indented = false)
    {
        var options = indented ? new JsonSerializerOptions(Options) { WriteIndented = true } : Options;
        return JsonSerializer.Serialize(value, options);
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = new LowerCaseNamingPolicy(),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Figures written elsewhere need not put "type" first in each trace.
            AllowOutOfOrderMetadataProperties = true,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class LowerCaseNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}
