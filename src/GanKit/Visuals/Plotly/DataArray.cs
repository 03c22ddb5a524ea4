using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// A column of data for a trace attribute such as <c>x</c> or <c>y</c>: numbers or category names. Arrays
/// convert implicitly, so <c>X = new[] { 1.0, 2.0 }</c> and <c>X = names</c> both work. Non-finite numbers
/// are written as null, which plotly.js draws as a gap.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class DataArray
{
    private readonly double[]? _numbers;
    private readonly string[]? _names;

    private DataArray(double[]? numbers, string[]? names)
    {
        _numbers = numbers;
        _names = names;
    }

    /// <summary>Numbers.</summary>
    public static implicit operator DataArray(double[] values) => new([.. values], null);

    /// <summary>Numbers.</summary>
    public static implicit operator DataArray(float[] values) => new([.. values.Select(v => (double)v)], null);

    /// <summary>Numbers.</summary>
    public static implicit operator DataArray(int[] values) => new([.. values.Select(v => (double)v)], null);

    /// <summary>Category names.</summary>
    public static implicit operator DataArray(string[] values) => new(null, [.. values]);

    /// <summary>Writes one number as plotly.js expects it (null when not finite); shared with <see cref="DataMatrix"/>.</summary>
    internal static void WriteNumber(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    internal sealed class Converter : JsonConverter<DataArray>
    {
        public override DataArray Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw PlotlyJson.WriteOnly();

        public override void Write(Utf8JsonWriter writer, DataArray value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var number in value._numbers ?? [])
            {
                WriteNumber(writer, number);
            }
            foreach (var name in value._names ?? [])
            {
                writer.WriteStringValue(name);
            }
            writer.WriteEndArray();
        }
    }
}
