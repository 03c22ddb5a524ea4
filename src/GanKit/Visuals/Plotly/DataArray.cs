using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// A column of data for a trace attribute such as <c>x</c>, <c>y</c> or <c>text</c>: numbers or category
/// strings. Arrays and lists convert implicitly, so <c>X = new[] { 1.0, 2.0 }</c> and <c>X = names</c> both
/// work. Non-finite numbers are written as null, which Plotly draws as a gap.
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class DataArray : IReadOnlyList<object?>
{
    private readonly object?[] _values;

    /// <summary>Wraps the values (numbers, strings, booleans, dates or null).</summary>
    public DataArray(IEnumerable<object?> values)
    {
        _values = values.ToArray();
    }

    /// <summary>A data array from any sequence.</summary>
    public static DataArray From<T>(IEnumerable<T> values) => new(values.Select(v => (object?)v));

    /// <summary>The whole numbers from <paramref name="start"/>, <paramref name="count"/> of them (a handy x axis).</summary>
    public static DataArray Range(int start, int count) => From(Enumerable.Range(start, count));

    /// <inheritdoc />
    public int Count => _values.Length;

    /// <inheritdoc />
    public object? this[int index] => _values[index];

    /// <inheritdoc />
    public IEnumerator<object?> GetEnumerator() => ((IEnumerable<object?>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Numbers.</summary>
    public static implicit operator DataArray(double[] values) => From(values);

    /// <summary>Numbers.</summary>
    public static implicit operator DataArray(float[] values) => From(values);

    /// <summary>Numbers.</summary>
    public static implicit operator DataArray(int[] values) => From(values);

    /// <summary>Numbers.</summary>
    public static implicit operator DataArray(long[] values) => From(values);

    /// <summary>Category names or per-point text.</summary>
    public static implicit operator DataArray(string[] values) => From(values);

    /// <summary>Dates.</summary>
    public static implicit operator DataArray(DateTime[] values) => From(values);

    /// <summary>Numbers.</summary>
    public static implicit operator DataArray(List<double> values) => From(values);

    /// <summary>Numbers.</summary>
    public static implicit operator DataArray(List<float> values) => From(values);

    /// <summary>Numbers.</summary>
    public static implicit operator DataArray(List<int> values) => From(values);

    /// <summary>Category names or per-point text.</summary>
    public static implicit operator DataArray(List<string> values) => From(values);

    /// <summary>Writes one value as Plotly expects it; shared with <see cref="DataMatrix"/>.</summary>
    internal static void WriteValue(Utf8JsonWriter writer, object? value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case double d:
                WriteNumber(writer, d);
                break;
            case float f:
                WriteNumber(writer, f);
                break;
            case int or long or short or byte or sbyte or uint or ulong or ushort or decimal:
                writer.WriteNumberValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture));
                break;
            case Half h:
                WriteNumber(writer, (double)h);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case DateTime t:
                writer.WriteStringValue(t.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                break;
            default:
                JsonSerializer.Serialize(writer, value, value.GetType(), options);
                break;
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, double value)
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

    private static void WriteNumber(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <summary>Writes the values as a JSON array; reads numbers, strings, booleans and nulls back.</summary>
    public sealed class Converter : JsonConverter<DataArray>
    {
        /// <inheritdoc />
        public override DataArray Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return new DataArray(document.RootElement.EnumerateArray().Select(ReadValue));
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, DataArray value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value._values)
            {
                WriteValue(writer, item, options);
            }
            writer.WriteEndArray();
        }

        internal static object? ReadValue(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Number => element.GetDouble(),
            JsonValueKind.String => element.GetString(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => null,
        };
    }
}
