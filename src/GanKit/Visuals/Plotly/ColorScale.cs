using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// A colour scale: a named plotly.js scale ("Viridis", "Greys", "RdBu", ...; strings convert implicitly) or
/// explicit stops from 0 to 1, serialised as <c>[[0, "#000"], [1, "#fff"]]</c>.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class ColorScale
{
    private readonly string? _name;
    private readonly (double Position, string Color)[] _stops;

    private ColorScale(string? name, (double Position, string Color)[] stops)
    {
        _name = name;
        _stops = stops;
    }

    /// <summary>A named plotly.js scale.</summary>
    public static ColorScale Named(string name) => new(name, []);

    /// <summary>Explicit stops; positions run from 0 to 1 in increasing order.</summary>
    public static ColorScale FromStops(params (double Position, string Color)[] stops) => new(null, [.. stops]);

    /// <summary>A named plotly.js scale.</summary>
    public static implicit operator ColorScale(string name) => Named(name);

    internal sealed class Converter : JsonConverter<ColorScale>
    {
        public override ColorScale Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw PlotlyJson.WriteOnly();

        public override void Write(Utf8JsonWriter writer, ColorScale value, JsonSerializerOptions options)
        {
            if (value._name is not null)
            {
                writer.WriteStringValue(value._name);
                return;
            }
            writer.WriteStartArray();
            foreach (var (position, color) in value._stops)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(position);
                writer.WriteStringValue(color);
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
    }
}
