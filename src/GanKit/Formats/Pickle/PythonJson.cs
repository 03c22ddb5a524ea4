using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using GanKit.Torch;

namespace GanKit.Formats.Pickle;

/// <summary>
/// Converts plain Python values to JSON as <c>json.dumps</c> would: dict → object (keys as strings),
/// list/tuple/set → array, None → null, numbers, bools and strings as themselves; non-finite floats become
/// the strings "NaN", "Infinity", "-Infinity"; NumPy arrays become nested arrays. Anything else (tensors,
/// bytes, network objects) has no JSON form and is reported with its path.
/// </summary>
internal static class PythonJson
{
    private const int MaxDepth = 64;

    /// <summary>Converts a dict; <paramref name="path"/> names it in error messages.</summary>
    public static JsonObject ToObject(object? value, string path, LoadBudget budget) =>
        value is PyDict ? (JsonObject)ToNode(value, path, budget, 0)! : throw new PickleDataException($"{path} is {PyDescribe.Of(value)}, not a dict");

    /// <summary>Converts a tuple or list.</summary>
    public static JsonArray ToArray(object? value, string path, LoadBudget budget) =>
        value is PyTuple or PyList ? (JsonArray)ToNode(value, path, budget, 0)! : throw new PickleDataException($"{path} is {PyDescribe.Of(value)}, not a tuple or list");

    private static JsonNode? ToNode(object? value, string path, LoadBudget budget, int depth)
    {
        budget.ChargeJsonNode();
        if (depth > MaxDepth)
            throw new PickleDataException($"{path} is nested more than {MaxDepth} deep (or contains itself)");

        switch (value)
        {
            case null:
                return null;
            case bool b:
                return JsonValue.Create(b);
            case long l:
                return JsonValue.Create(l);
            case BigInteger big:
                return JsonNode.Parse(big.ToString(CultureInfo.InvariantCulture));
            case double d:
                return double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity");
            case string s:
                return JsonValue.Create(s);
            case PyDict dict:
            {
                var result = new JsonObject();
                foreach (var (key, item) in dict.Items)
                {
                    var name = KeyName(key, path);
                    if (result.ContainsKey(name))
                        throw new PickleDataException($"{path} has two keys that both read '{PickleGlobals.Clip(name)}' as JSON");
                    result[name] = ToNode(item, $"{path}.{PickleGlobals.Clip(name)}", budget, depth + 1);
                }
                return result;
            }
            case PyTuple or PyList or PySet:
            {
                var items = value switch
                {
                    PyTuple t => t.Items.AsEnumerable(),
                    PyList l => l.Items,
                    _ => ((PySet)value).Items,
                };
                var result = new JsonArray();
                var index = 0;
                foreach (var item in items)
                    result.Add(ToNode(item, $"{path}[{index++}]", budget, depth + 1));
                return result;
            }
            case NumpyArray array:
            {
                var tensor = array.ToRawTensor(budget);
                var offset = 0;
                return TensorToNode(tensor, 0, ref offset, budget);
            }
            default:
                throw new PickleDataException($"{path} is {PyDescribe.Of(value)}, which has no JSON form");
        }
    }

    // json.dumps turns non-string keys into their JSON spelling.
    private static string KeyName(object? key, string path) => key switch
    {
        string s => s,
        null => "null",
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        BigInteger big => big.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new PickleDataException($"{path} has a key that is {PyDescribe.Of(key)}, which has no JSON form"),
    };

    private static JsonNode TensorToNode(RawTensor tensor, int dim, ref int offset, LoadBudget budget)
    {
        budget.ChargeJsonNode();
        if (dim == tensor.Shape.Length)
        {
            var size = tensor.DType.ElementSize();
            var bytes = tensor.Data.AsSpan(offset, size);
            offset += size;
            return tensor.DType switch
            {
                ScalarType.Float64 => JsonValue.Create(BitConverter.ToDouble(bytes)),
                ScalarType.Float32 => JsonValue.Create((double)BitConverter.ToSingle(bytes)),
                ScalarType.Float16 => JsonValue.Create((double)BitConverter.ToHalf(bytes)),
                ScalarType.Int64 => JsonValue.Create(BinaryPrimitives.ReadInt64LittleEndian(bytes)),
                ScalarType.Int32 => JsonValue.Create((long)BinaryPrimitives.ReadInt32LittleEndian(bytes)),
                ScalarType.Int16 => JsonValue.Create((long)BinaryPrimitives.ReadInt16LittleEndian(bytes)),
                ScalarType.Int8 => JsonValue.Create((long)(sbyte)bytes[0]),
                ScalarType.Byte => JsonValue.Create((long)bytes[0]),
                ScalarType.Bool => JsonValue.Create(bytes[0] != 0),
                _ => throw new PickleDataException($"a numpy array of {tensor.DType.TorchName()} has no JSON form"),
            };
        }

        var array = new JsonArray();
        for (var i = 0; i < tensor.Shape[dim]; i++)
            array.Add(TensorToNode(tensor, dim + 1, ref offset, budget));
        return array;
    }
}
