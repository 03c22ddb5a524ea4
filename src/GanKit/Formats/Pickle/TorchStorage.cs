namespace GanKit.Formats.Pickle;

/// <summary>
/// A torch storage: a flat run of elements that tensors view. In the legacy torch.save format the bytes
/// arrive after the pickle that references them, so a storage starts empty and is filled later; a storage
/// may also be a view into a root storage (legacy <c>view_metadata</c>).
/// </summary>
internal sealed class TorchStorage
{
    private readonly TorchStorage? _root;
    private readonly long _rootOffset;
    private byte[]? _data;

    /// <summary>A root storage of <paramref name="numel"/> elements, without bytes yet.</summary>
    public TorchStorage(ScalarType dtype, long numel)
    {
        if (numel < 0)
            throw new PickleDataException($"a storage has a negative size ({numel})");
        DType = dtype;
        Numel = numel;
    }

    /// <summary>A view of <paramref name="numel"/> elements of <paramref name="root"/> from element <paramref name="offset"/>.</summary>
    public TorchStorage(TorchStorage root, long offset, long numel)
    {
        if (root._root is not null)
            root = root._root;
        if (offset < 0 || numel < 0 || offset > root.Numel || numel > root.Numel - offset)
            throw new PickleDataException($"a storage view [{offset}, {offset}+{numel}) lies outside its storage of {root.Numel} elements");
        DType = root.DType;
        Numel = numel;
        _root = root;
        _rootOffset = offset;
    }

    public ScalarType DType { get; }

    /// <summary>Number of elements.</summary>
    public long Numel { get; }

    public long ByteLength => Numel * DType.ElementSize();

    /// <summary>Gives a root storage its bytes (exactly <see cref="ByteLength"/> of them).</summary>
    public void SetData(byte[] data)
    {
        if (_root is not null || _data is not null || data.LongLength != ByteLength)
            throw new PickleDataException("a storage received data twice or of the wrong size");
        _data = data;
    }

    /// <summary>True once the bytes are present.</summary>
    public bool HasData => (_root ?? this)._data is not null;

    /// <summary>The array holding the elements and where they start in it.</summary>
    public (byte[] Buffer, long ByteOffset) Bytes
    {
        get
        {
            var data = (_root ?? this)._data ?? throw new PickleDataException("a tensor's storage has no data in the file");
            return (data, _rootOffset * DType.ElementSize());
        }
    }
}
