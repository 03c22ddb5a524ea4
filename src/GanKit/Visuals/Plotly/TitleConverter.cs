using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>Writes a title string as plotly.js' title object <c>{"text": ...}</c> (the bare-string form is deprecated in plotly.js 2).</summary>
internal sealed class TitleConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw PlotlyJson.WriteOnly();

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("text", value);
        writer.WriteEndObject();
    }
}
