using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// System.Text.Json settings that write plotly.js' figure schema: property names lower-cased with no
/// separator (<c>ScaleAnchor</c> → <c>scaleanchor</c>; the few other spellings carry an explicit name) and
/// unset (null) attributes left out so plotly.js applies its defaults. Figures are written, never read back.
/// </summary>
public static class PlotlyJson
{
    internal static JsonSerializerOptions Options { get; } = Create();

    /// <summary>Serializes a Plotly object (figure, trace, layout, ...) to JSON.</summary>
    public static string Serialize<T>(T value, bool indented = false)
    {
        var options = indented ? new JsonSerializerOptions(Options) { WriteIndented = true } : Options;
        return JsonSerializer.Serialize(value, options);
    }

    internal static NotSupportedException WriteOnly() =>
        new("GanKit writes Plotly JSON for plotly.js to draw; it does not read figures back.");

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = new LowerCaseNamingPolicy(),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed class LowerCaseNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}
