using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// A colour scale: a named Plotly scale ("Viridis", "Greys", "RdBu", ...; strings convert implicitly) or
/// explicit stops from 0 to 1, serialised as <c>[[0, "#000"], [1, "#fff"]]</c>.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class ColorScale
{
    private ColorScale(string? name, IReadOnlyList<(double Position, string Color)>? stops)
    {
        Name = name;
        Stops = stops;
    }

    /// <summary>The named scale, or null when <see cref="Stops"/> are used.</summary>
    public string? Name { get; }

    /// <summary>Explicit (position, colour) stops, or null for a named scale.</summary>
    public IReadOnlyList<(double Position, string Color)>? Stops { get; }

    /// <summary>A named Plotly scale.</summary>
    public static ColorScale Named(string name) => new(name, null);

    /// <summary>Explicit stops; positions run from 0 to 1 in increasing order.</summary>
    public static ColorScale FromStops(params (double Position, string Color)[] stops) => new(null, stops);

    /// <summary>A named Plotly scale.</summary>
    public static implicit operator ColorScale(string name) => Named(name);

    /// <summary>Writes the name or the list of stops.</summary>
    public sealed class Converter : JsonConverter<ColorScale>
    {
        /// <inheritdoc />
        public override ColorScale Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.String)
            {
                return Named(root.GetString()!);
            }
            return FromStops(root.EnumerateArray().Select(s => (s[0].GetDouble(), s[1].GetString() ?? "")).ToArray());
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, ColorScale value, JsonSerializerOptions options)
        {
            if (value.Name is not null)
            {
                writer.WriteStringValue(value.Name);
                return;
            }
            writer.WriteStartArray();
            foreach (var (position, color) in value.Stops!)
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
