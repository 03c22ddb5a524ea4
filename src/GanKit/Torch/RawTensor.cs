namespace GanKit.Torch;

/// <summary>
/// A tensor's bytes in managed memory: dense, row-major (C order), little-endian. File formats
/// (safetensors, pickles) read and write this; <see cref="ToTensor"/> and <see cref="FromTensor"/> convert
/// to and from TorchSharp tensors.
/// </summary>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Size of each dimension; empty for a scalar.</param>
/// <param name="Data">Exactly <c>product(Shape) * DType.ElementSize()</c> bytes.</param>
public sealed record RawTensor(ScalarType DType, long[] Shape, byte[] Data)
{
    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>
    /// A new TorchSharp tensor holding a copy of the bytes, with this dtype and shape (one copy into native
    /// memory on the CPU, then a transfer when <paramref name="device"/> is another device).
    /// </summary>
    /// <param name="device">Where the tensor lives; the CPU when null.</param>
    /// <exception cref="InvalidOperationException">The bytes do not match the shape and dtype.</exception>
    public Tensor ToTensor(Device? device = null)
    {
        var expected = ElementCount * DType.ElementSize();
        if (Data.LongLength != expected)
            throw new InvalidOperationException(
                $"the raw tensor holds {Data.LongLength} bytes but its {DType.TorchName()} shape [{string.Join(", ", Shape)}] needs {expected}");

        var tensor = torch.empty(Shape, DType, torch.CPU);
        // An empty tensor may have no storage at all, so there is nothing to copy into.
        if (Data.Length > 0)
            tensor.bytes = Data;
        return device is null || device.type == DeviceType.CPU ? tensor : tensor.to(device, disposeAfter: true);
    }

    /// <summary>
    /// The tensor's values as dense little-endian bytes in managed memory (detached, moved to the CPU and made
    /// contiguous first where needed; the tensor itself is left as it is).
    /// </summary>
    /// <param name="tensor">Any tensor, on any device.</param>
    public static RawTensor FromTensor(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = torch.NewDisposeScope();
        var dense = tensor.detach().cpu().contiguous();
        var data = dense.numel() == 0 ? [] : dense.bytes.ToArray();
        return new RawTensor(tensor.dtype, tensor.shape, data);
    }

    /// <summary>Reads the elements as float32 (float16, bfloat16 and float64 are converted).</summary>
    public float[] ToFloat32()
    {
        var n = checked((int)ElementCount);
        var result = new float[n];
        var span = Data.AsSpan();
        for (var i = 0; i < n; i++)
        {
            result[i] = DType switch
            {
                ScalarType.Float32 => BitConverter.ToSingle(span.Slice(i * 4, 4)),
                ScalarType.Float64 => (float)BitConverter.ToDouble(span.Slice(i * 8, 8)),
                ScalarType.Float16 => (float)BitConverter.ToHalf(span.Slice(i * 2, 2)),
                ScalarType.BFloat16 => BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(span.Slice(i * 2, 2)) << 16),
                _ => throw new InvalidOperationException($"ToFloat32 needs a floating-point tensor, got {DType.TorchName()}"),
            };
        }
        return result;
    }
}
