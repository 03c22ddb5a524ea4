namespace GanKit.Formats.Pickle;

// The Python values a pickle can build, as plain data. Python None is C# null, bool is bool, int is long
// (BigInteger when it does not fit), float is double and str is string; the containers are below.

/// <summary>A Python tuple (immutable; its hash is cached because tuples may be dict keys).</summary>
internal sealed class PyTuple(object?[] items)
{
    private int? _hash;

    public static readonly PyTuple Empty = new([]);

    public object?[] Items { get; } = items;

    public int Count => Items.Length;

    public object? this[int index] => Items[index];

    internal int Hash => _hash ??= PyKeyComparer.Instance.CombineHash(Items);
}

/// <summary>A Python list.</summary>
internal sealed class PyList(List<object?> items)
{
    public PyList() : this([]) { }

    public List<object?> Items { get; } = items;
}

/// <summary>A Python set or frozenset. Order and duplicates do not matter to anything GanKit reads.</summary>
internal sealed class PySet(bool frozen)
{
    public bool Frozen { get; } = frozen;

    public List<object?> Items { get; } = [];
}

/// <summary>
/// Python bytes (or bytearray): a slice of the input, not a copy. <see cref="FileOffset"/> locates it in
/// the file for error messages about nested payloads (-1 when the bytes were built, not read).
/// </summary>
internal sealed class PyBytes(ReadOnlyMemory<byte> memory, long fileOffset, bool isByteArray = false)
{
    private int? _hash;

    public ReadOnlyMemory<byte> Memory { get; } = memory;

    public long FileOffset { get; } = fileOffset;

    public bool IsByteArray { get; } = isByteArray;

    public int Length => Memory.Length;

    internal int Hash
    {
        get
        {
            if (_hash is null)
            {
                var hash = new HashCode();
                hash.AddBytes(Memory.Span);
                _hash = hash.ToHashCode();
            }
            return _hash.Value;
        }
    }
}
