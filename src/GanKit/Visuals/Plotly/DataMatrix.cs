using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// A 2-D block of numbers (a heatmap's <c>z</c>), serialised as nested arrays, one inner array per row
/// (row 0 is drawn at the bottom). Jagged arrays convert implicitly. Non-finite values become null (blank cells).
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class DataMatrix
{
    private readonly double[][] _rows;

    private DataMatrix(double[][] rows)
    {
        _rows = rows;
    }

    /// <summary>Rows as a jagged array (copied, so later changes to the arrays do not alter the figure).</summary>
    public static implicit operator DataMatrix(double[][] rows) => new([.. rows.Select(r => r.ToArray())]);

    internal sealed class Converter : JsonConverter<DataMatrix>
    {
        public override DataMatrix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            throw PlotlyJson.WriteOnly();

        public override void Write(Utf8JsonWriter writer, DataMatrix value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var row in value._rows)
            {
                writer.WriteStartArray();
                foreach (var v in row)
                {
                    DataArray.WriteNumber(writer, v);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
    }
}
