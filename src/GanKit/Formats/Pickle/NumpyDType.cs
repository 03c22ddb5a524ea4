using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace GanKit.Formats.Pickle;

/// <summary>
/// A NumPy dtype as pickled: <c>numpy.dtype('f8', False, True)</c> then BUILD with a state tuple whose
/// second item is the byte order. Only the numeric kinds GanKit can use are decoded.
/// </summary>
internal sealed class NumpyDType : IPyBuildable
{
    private NumpyDType(string code, char kind, int itemSize)
    {
        Code = code;
        Kind = kind;
        ItemSize = itemSize;
    }

    /// <summary>The type string, e.g. <c>f8</c>.</summary>
    public string Code { get; }

    /// <summary>NumPy's kind letter: f, i, u, b, ...</summary>
    public char Kind { get; }

    public int ItemSize { get; }

    /// <summary>'&lt;', '&gt;', '|' or '=' (native, which is little-endian everywhere GanKit runs).</summary>
    public char ByteOrder { get; private set; } = '=';

    public bool BigEndian => ByteOrder == '>';

    /// <summary>The matching tensor element type, if there is one.</summary>
    public ScalarType? DType => Torch.ScalarTypes.FromNumpy(Kind, ItemSize);

    /// <summary><c>numpy.dtype(code, align, copy)</c>.</summary>
    public static NumpyDType Create(object?[] args)
    {
        if (args.Length is < 1 or > 3)
            throw new PickleDataException($"numpy.dtype takes 1 to 3 arguments but the pickle passes {args.Length}");
        var code = PyDescribe.Str(args[0], "numpy.dtype's type string");
        if (code == "?")
            return new NumpyDType(code, 'b', 1);
        var size = 0;
        if (code.Length is < 2 or > 4 || !char.IsAsciiLetter(code[0]) || !int.TryParse(code.AsSpan(1), out size))
            size = 0; // names and structured types: representable, but not decodable below
        return new NumpyDType(code, code.Length > 0 ? code[0] : '?', size);
    }

    /// <summary>BUILD: <c>(version, byteorder, subarray, names, fields, elsize, alignment, flags)</c>.</summary>
    public void Build(object? state)
    {
        if (state is PyTuple { Count: >= 2 } tuple && tuple[1] is string { Length: 1 } order && "<>|=".Contains(order[0]))
            ByteOrder = order[0];
    }

    /// <summary><c>numpy.core.multiarray.scalar(dtype, bytes)</c>: a NumPy scalar as a plain number.</summary>
    public static object Scalar(object?[] args)
    {
        if (args.Length != 2 || args[0] is not NumpyDType dtype)
            throw new PickleDataException("numpy scalar expects a dtype and its bytes");
        ReadOnlySpan<byte> bytes = args[1] switch
        {
            PyBytes b => b.Memory.Span,
            string s when s.All(c => c <= '\u00ff') => Encoding.Latin1.GetBytes(s), // Python 2 pickles pass str
            var other => throw new PickleDataException($"numpy scalar expects bytes but got {PyDescribe.Of(other)}"),
        };
        if (dtype.ItemSize is 0 or > 8 || bytes.Length != dtype.ItemSize)
            throw new PickleDataException($"numpy scalar of dtype '{PickleGlobals.Clip(dtype.Code)}' has {bytes.Length} bytes");

        Span<byte> value = stackalloc byte[8];
        bytes.CopyTo(value);
        if (dtype.BigEndian)
            value[..bytes.Length].Reverse();
        return (dtype.Kind, dtype.ItemSize) switch
        {
            ('f', 2) => (object)(double)BitConverter.ToHalf(value),
            ('f', 4) => (object)(double)BitConverter.ToSingle(value),
            ('f', 8) => (object)BitConverter.ToDouble(value),
            ('i', 1) => (object)(long)(sbyte)value[0],
            ('i', 2) => (object)(long)BinaryPrimitives.ReadInt16LittleEndian(value),
            ('i', 4) => (object)(long)BinaryPrimitives.ReadInt32LittleEndian(value),
            ('i', 8) => (object)BinaryPrimitives.ReadInt64LittleEndian(value),
            ('u', 1) => (object)(long)value[0],
            ('u', 2) => (object)(long)BinaryPrimitives.ReadUInt16LittleEndian(value),
            ('u', 4) => (object)(long)BinaryPrimitives.ReadUInt32LittleEndian(value),
            ('u', 8) => UnsignedToInt(BinaryPrimitives.ReadUInt64LittleEndian(value)),
            ('b', 1) => (object)(value[0] != 0),
            _ => throw new PickleDataException($"numpy scalars of dtype '{PickleGlobals.Clip(dtype.Code)}' are not supported"),
        };
    }

    // Python ints are unbounded; GanKit's are long, or BigInteger beyond that.
    private static object UnsignedToInt(ulong value) => value <= long.MaxValue ? (long)value : new BigInteger(value);
}
