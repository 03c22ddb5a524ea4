using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// Writes a title string as Plotly's title object <c>{"text": ...}</c> (the bare-string form is deprecated
/// in plotly.js 2); reads either form.
/// </summary>
public sealed class TitleConverter : JsonConverter<string>
{
    /// <inheritdoc />
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        return root.ValueKind switch
        {
            JsonValueKind.String => root.GetString(),
            JsonValueKind.Object when root.TryGetProperty("text", out var text) => text.GetString(),
            _ => null,
        };
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("text", value);
        writer.WriteEndObject();
    }
}
