using System.Text;
using GanKit.Torch;

namespace GanKit.Formats.Pickle;

/// <summary>
/// A NumPy array as pickled: <c>numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b')</c> then BUILD
/// with <c>(version, shape, dtype, is_fortran, data)</c>. Kept as a view of the file's bytes until needed.
/// </summary>
internal sealed class NumpyArray : IPyBuildable
{
    private long[]? _shape;
    private NumpyDType? _dtype;
    private bool _fortran;
    private ReadOnlyMemory<byte> _data;
    private RawTensor? _raw;

    /// <summary><c>_reconstruct(ndarray, shape, typecode)</c>: an empty array awaiting BUILD.</summary>
    public static NumpyArray Reconstruct(object?[] args)
    {
        if (args.Length != 3 || args[0] is not PyGlobal { Module: "numpy", Name: "ndarray" })
            throw new PickleDataException("numpy's _reconstruct is only supported for numpy.ndarray");
        return new NumpyArray();
    }

    public void Build(object? state)
    {
        if (state is not PyTuple { Count: 4 or 5 } tuple)
            throw new PickleDataException($"a numpy array's state is {PyDescribe.Of(state)}, not a 4- or 5-tuple");
        var items = tuple.Items.AsSpan(tuple.Count - 4); // version 1 states start with the version
        if (items[1] is not NumpyDType dtype)
            throw new PickleDataException($"a numpy array's dtype is {PyDescribe.Of(items[1])}");
        if (dtype.DType is null)
            throw new PickleDataException($"numpy arrays of dtype '{PickleGlobals.Clip(dtype.Code)}' are not supported");

        var sizes = PyDescribe.Sequence(items[0], "a numpy array's shape");
        var shape = new long[sizes.Length];
        var numel = 1L;
        try
        {
            for (var i = 0; i < sizes.Length; i++)
            {
                shape[i] = PyDescribe.Int(sizes[i], "a numpy array's shape");
                if (shape[i] < 0)
                    throw new PickleDataException("a numpy array has a negative size");
                numel = checked(numel * shape[i]);
            }
            numel = checked(numel * dtype.ItemSize);
        }
        catch (OverflowException)
        {
            throw new PickleDataException("a numpy array's size overflows");
        }

        ReadOnlyMemory<byte> data = items[3] switch
        {
            PyBytes b => b.Memory,
            string s when s.All(c => c <= '\u00ff') => Encoding.Latin1.GetBytes(s),
            var other => throw new PickleDataException($"numpy arrays holding {PyDescribe.Of(other)} (object arrays) are not supported"),
        };
        if (data.Length != numel)
            throw new PickleDataException($"a numpy array of shape [{string.Join(", ", shape)}] needs {numel} bytes but has {data.Length}");

        _shape = shape;
        _dtype = dtype;
        _fortran = items[2] is true;
        _data = data;
    }

    /// <summary>The array as a dense row-major little-endian tensor (copied, within the load's budget).</summary>
    public RawTensor ToRawTensor(LoadBudget budget)
    {
        if (_raw is not null)
            return _raw;
        if (_shape is null || _dtype?.DType is not { } dtype)
            throw new PickleDataException("a numpy array was never given its data");

        budget.ChargeBytes(_data.Length, "a numpy array");
        var bytes = _data.ToArray();
        var itemSize = dtype.ElementSize();
        if (_dtype.BigEndian && itemSize > 1)
        {
            for (var i = 0; i < bytes.Length; i += itemSize)
                bytes.AsSpan(i, itemSize).Reverse();
        }
        if (!_fortran || _shape.Length < 2)
            return _raw = new RawTensor(dtype, _shape, bytes);

        // Fortran order: view the bytes with column-major strides and copy them out in row-major order.
        var storage = new TorchStorage(dtype, bytes.Length / itemSize);
        storage.SetData(bytes);
        var strides = new long[_shape.Length];
        var stride = 1L;
        for (var i = 0; i < _shape.Length; i++)
        {
            strides[i] = stride;
            stride *= _shape[i];
        }
        return _raw = TorchTensor.Rebuild(storage, 0L, new PyTuple(_shape.Cast<object?>().ToArray()), new PyTuple(strides.Cast<object?>().ToArray()))
            .ToRawTensor(budget);
    }
}
