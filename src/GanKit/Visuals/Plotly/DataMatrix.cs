using System.Text.Json;
using System.Text.Json.Serialization;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// A 2-D block of numbers (a heatmap's <c>z</c>), serialised as nested arrays, one inner array per row
/// (row 0 is drawn at the bottom unless the y axis is reversed). Rectangular arrays and jagged arrays of
/// double, float or int convert implicitly. Non-finite values become null (blank cells).
/// </summary>
[JsonConverter(typeof(Converter))]
public sealed class DataMatrix
{
    private readonly double[][] _rows;

    /// <summary>Wraps rows of values (copied).</summary>
    public DataMatrix(IEnumerable<IEnumerable<double>> rows)
    {
        _rows = rows.Select(r => r.ToArray()).ToArray();
    }

    /// <summary>Number of rows.</summary>
    public int Rows => _rows.Length;

    /// <summary>Values in row <paramref name="row"/>.</summary>
    public IReadOnlyList<double> this[int row] => _rows[row];

    /// <summary>A rectangular array, first index the row.</summary>
    public static DataMatrix From<T>(T[,] values) where T : IConvertible
    {
        var rows = new double[values.GetLength(0)][];
        for (var r = 0; r < rows.Length; r++)
        {
            rows[r] = new double[values.GetLength(1)];
            for (var c = 0; c < rows[r].Length; c++)
            {
                rows[r][c] = values[r, c].ToDouble(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        return new DataMatrix(rows);
    }

    /// <summary>Rows as a jagged array.</summary>
    public static implicit operator DataMatrix(double[][] rows) => new(rows);

    /// <summary>Rows as a jagged array.</summary>
    public static implicit operator DataMatrix(float[][] rows) => new(rows.Select(r => r.Select(v => (double)v)));

    /// <summary>Rows as a jagged array.</summary>
    public static implicit operator DataMatrix(int[][] rows) => new(rows.Select(r => r.Select(v => (double)v)));

    /// <summary>A rectangular array, first index the row.</summary>
    public static implicit operator DataMatrix(double[,] values) => From(values);

    /// <summary>A rectangular array, first index the row.</summary>
    public static implicit operator DataMatrix(float[,] values) => From(values);

    /// <summary>A rectangular array, first index the row.</summary>
    public static implicit operator DataMatrix(int[,] values) => From(values);

    /// <summary>Writes nested arrays; reads them back (nulls become NaN).</summary>
    public sealed class Converter : JsonConverter<DataMatrix>
    {
        /// <inheritdoc />
        public override DataMatrix Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return new DataMatrix(document.RootElement.EnumerateArray()
                .Select(row => row.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray()));
        }

        /// <inheritdoc />
        public override void Write(Utf8JsonWriter writer, DataMatrix value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var row in value._rows)
            {
                writer.WriteStartArray();
                foreach (var v in row)
                {
                    DataArray.WriteValue(writer, v, options);
                }
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
    }
}
