namespace GanKit.Torch;

/// <summary>
/// The names file formats give TorchSharp's <see cref="ScalarType"/> values: PyTorch's (<c>float32</c>),
/// safetensors' (<c>F32</c>) and NumPy's (<c>&lt;f4</c>). Bytes per element come from TorchSharp's own
/// <c>ElementSize()</c> extension.
/// </summary>
public static class ScalarTypes
{
    /// <summary>The PyTorch name, e.g. <c>float32</c>, <c>uint8</c>, <c>bfloat16</c>; other values spell their enum name.</summary>
    public static string TorchName(this ScalarType dtype) => dtype switch
    {
        ScalarType.Byte => "uint8", ScalarType.Int8 => "int8", ScalarType.Int16 => "int16", ScalarType.Int32 => "int32",
        ScalarType.Int64 => "int64", ScalarType.Float16 => "float16", ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64", ScalarType.Bool => "bool", ScalarType.BFloat16 => "bfloat16",
        _ => dtype.ToString(),
    };

    /// <summary>The safetensors dtype string: <c>F64 F32 F16 BF16 I64 I32 I16 I8 U8 BOOL</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The dtype has no safetensors name (complex, quantized).</exception>
    public static string SafetensorsName(this ScalarType dtype) =>
        dtype.SafetensorsNameOrNull() ?? throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "dtype has no safetensors name");

    internal static string? SafetensorsNameOrNull(this ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "F64", ScalarType.Float32 => "F32", ScalarType.Float16 => "F16", ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64", ScalarType.Int32 => "I32", ScalarType.Int16 => "I16", ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8", ScalarType.Bool => "BOOL",
        _ => null,
    };

    /// <summary>The dtype a safetensors dtype string names, or null for one GanKit does not read (e.g. <c>F8_E4M3</c>).</summary>
    public static ScalarType? FromSafetensorsName(string name) => name switch
    {
        "F64" => ScalarType.Float64, "F32" => ScalarType.Float32, "F16" => ScalarType.Float16, "BF16" => ScalarType.BFloat16,
        "I64" => ScalarType.Int64, "I32" => ScalarType.Int32, "I16" => ScalarType.Int16, "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte, "BOOL" => ScalarType.Bool,
        _ => null,
    };

    /// <summary>
    /// The little-endian NumPy type string (<c>descr</c> of a .npy header), e.g. <c>&lt;f4</c>, <c>|u1</c>, <c>|b1</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The dtype has no NumPy counterpart (bfloat16, complex, quantized).</exception>
    public static string NumpyDescr(this ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "<f8", ScalarType.Float32 => "<f4", ScalarType.Float16 => "<f2",
        ScalarType.Int64 => "<i8", ScalarType.Int32 => "<i4", ScalarType.Int16 => "<i2", ScalarType.Int8 => "|i1",
        ScalarType.Byte => "|u1", ScalarType.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "dtype has no NumPy counterpart"),
    };

    /// <summary>
    /// The dtype of a NumPy kind letter and item size (<c>('f', 4)</c> is float32, <c>('b', 1)</c> bool), or null
    /// for a NumPy type no tensor holds (unsigned beyond 8 bits, strings, objects, ...).
    /// </summary>
    public static ScalarType? FromNumpy(char kind, int itemSize) => (kind, itemSize) switch
    {
        ('f', 2) => ScalarType.Float16, ('f', 4) => ScalarType.Float32, ('f', 8) => ScalarType.Float64,
        ('i', 1) => ScalarType.Int8, ('i', 2) => ScalarType.Int16, ('i', 4) => ScalarType.Int32, ('i', 8) => ScalarType.Int64,
        ('u', 1) => ScalarType.Byte, ('b', 1) => ScalarType.Bool,
        _ => null,
    };
}
