namespace GanKit.Torch;

/// <summary>
/// A tensor's bytes in managed memory: dense, row-major (C order), little-endian. File formats
/// (safetensors, pickles) read and write this; <see cref="Tensor"/> converts to and from it.
/// </summary>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Size of each dimension; empty for a scalar.</param>
/// <param name="Data">Exactly <c>product(Shape) * DType.ElementSize()</c> bytes.</param>
public sealed record RawTensor(DType DType, long[] Shape, byte[] Data)
{
    /// <summary>Number of elements (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

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
                DType.Float32 => BitConverter.ToSingle(span.Slice(i * 4, 4)),
                DType.Float64 => (float)BitConverter.ToDouble(span.Slice(i * 8, 8)),
                DType.Float16 => (float)BitConverter.ToHalf(span.Slice(i * 2, 2)),
                DType.BFloat16 => BitConverter.Int32BitsToSingle(BitConverter.ToUInt16(span.Slice(i * 2, 2)) << 16),
                _ => throw new InvalidOperationException($"ToFloat32 needs a floating-point tensor, got {DType.TorchName()}"),
            };
        }
        return result;
    }
}
