using GanKit.Torch;

namespace GanKit.Formats.Pickle;

/// <summary>
/// A tensor as pickled: a strided view (offset, sizes, strides in elements) of a storage. It becomes a
/// dense <see cref="RawTensor"/> on demand, because legacy payloads fill storages after the views exist.
/// </summary>
internal sealed class TorchTensor
{
    private const int MaxDims = 64;
    private RawTensor? _raw;

    private TorchTensor(TorchStorage storage, long offset, long[] shape, long[] stride, bool isParameter)
    {
        Storage = storage;
        Offset = offset;
        Shape = shape;
        Stride = stride;
        IsParameter = isParameter;
    }

    public TorchStorage Storage { get; }

    public long Offset { get; }

    public long[] Shape { get; }

    public long[] Stride { get; }

    /// <summary>True for a <c>torch.nn.Parameter</c>.</summary>
    public bool IsParameter { get; }

    /// <summary>
    /// <c>_rebuild_tensor_v2(storage, storage_offset, size, stride, ...)</c>; checks that every element the
    /// view can reach lies inside the storage.
    /// </summary>
    public static TorchTensor Rebuild(object? storage, object? offset, object? size, object? stride)
    {
        if (storage is not TorchStorage typed)
            throw new PickleDataException($"a tensor's storage is {PyDescribe.Of(storage)}, not a torch storage");
        var start = PyDescribe.Int(offset, "a tensor's storage offset");
        var shape = Longs(size, "a tensor's size");
        var strides = Longs(stride, "a tensor's stride");
        if (shape.Length != strides.Length)
            throw new PickleDataException($"a tensor has {shape.Length} sizes but {strides.Length} strides");
        if (start < 0 || shape.Any(s => s < 0) || strides.Any(s => s < 0))
            throw new PickleDataException("a tensor has a negative offset, size or stride");

        try
        {
            var numel = checked(shape.Aggregate(1L, (a, b) => a * b));
            _ = checked(numel * typed.DType.ElementSize());
            if (numel > 0)
            {
                var last = start;
                for (var i = 0; i < shape.Length; i++)
                    last = checked(last + (shape[i] - 1) * strides[i]);
                if (last >= typed.Numel)
                    throw new PickleDataException($"a tensor of size [{string.Join(", ", shape)}] reaches element {last} of a storage with {typed.Numel}");
            }
        }
        catch (OverflowException)
        {
            throw new PickleDataException($"a tensor's size [{string.Join(", ", shape)}] or strides overflow");
        }
        return new TorchTensor(typed, start, shape, strides, isParameter: false);
    }

    /// <summary>The same data as a <c>torch.nn.Parameter</c>.</summary>
    public TorchTensor AsParameter() => new(Storage, Offset, Shape, Stride, isParameter: true);

    /// <summary>
    /// The dense row-major tensor. A view that covers its whole storage in order shares the storage's array
    /// (the common case, no copy); any other view is copied, within the load's budget.
    /// </summary>
    public RawTensor ToRawTensor(LoadBudget budget)
    {
        if (_raw is not null)
            return _raw;

        var (buffer, storageStart) = Storage.Bytes;
        var itemSize = Storage.DType.ElementSize();
        var numel = Shape.Aggregate(1L, (a, b) => a * b);
        var byteCount = numel * itemSize;
        var start = storageStart + Offset * itemSize;
        byte[] data;
        if (numel == 0)
        {
            data = [];
        }
        else if (IsContiguous() && start == 0 && byteCount == buffer.LongLength)
        {
            data = buffer;
        }
        else
        {
            if (byteCount > Array.MaxLength)
                throw new PickleDataException($"a tensor of {byteCount} bytes is too large for one array");
            budget.ChargeBytes(byteCount, "a tensor view");
            data = new byte[byteCount];
            if (IsContiguous())
                Array.Copy(buffer, start, data, 0, byteCount);
            else
                CopyStrided(buffer, start, itemSize, data);
        }
        return _raw = new RawTensor(Storage.DType, (long[])Shape.Clone(), data);
    }

    // Row-major contiguity; dimensions of size 1 may have any stride.
    private bool IsContiguous()
    {
        var expected = 1L;
        for (var i = Shape.Length - 1; i >= 0; i--)
        {
            if (Shape[i] != 1 && Stride[i] != expected)
                return false;
            expected *= Shape[i];
        }
        return true;
    }

    // Walks the output in row-major order with an odometer over all but the last dimension.
    private void CopyStrided(byte[] source, long start, int itemSize, byte[] destination)
    {
        var dims = Shape.Length;
        var innerSize = Shape[dims - 1];
        var innerStride = Stride[dims - 1] * itemSize;
        var index = new long[dims];
        var sourceRow = start;
        long written = 0;
        while (written < destination.LongLength)
        {
            if (innerStride == itemSize)
            {
                Array.Copy(source, sourceRow, destination, written, innerSize * itemSize);
                written += innerSize * itemSize;
            }
            else
            {
                for (long j = 0, at = sourceRow; j < innerSize; j++, at += innerStride, written += itemSize)
                    Array.Copy(source, at, destination, written, itemSize);
            }

            for (var d = dims - 2; d >= 0; d--)
            {
                sourceRow += Stride[d] * itemSize;
                if (++index[d] < Shape[d])
                    break;
                sourceRow -= Stride[d] * itemSize * Shape[d];
                index[d] = 0;
            }
        }
    }

    private static long[] Longs(object? value, string what)
    {
        var items = PyDescribe.Sequence(value, what);
        if (items.Length > MaxDims)
            throw new PickleDataException($"{what} has {items.Length} dimensions, more than {MaxDims}");
        var result = new long[items.Length];
        for (var i = 0; i < items.Length; i++)
            result[i] = PyDescribe.Int(items[i], what);
        return result;
    }
}
