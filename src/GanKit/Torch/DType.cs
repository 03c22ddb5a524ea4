namespace GanKit.Torch;

/// <summary>
/// Element types of tensors. The numeric values are libtorch's <c>c10::ScalarType</c> codes,
/// so a dtype crosses the native bridge unchanged.
/// </summary>
public enum DType
{
    /// <summary>8-bit unsigned integer (<c>torch.uint8</c>).</summary>
    UInt8 = 0,
    /// <summary>8-bit signed integer (<c>torch.int8</c>).</summary>
    Int8 = 1,
    /// <summary>16-bit signed integer (<c>torch.int16</c>).</summary>
    Int16 = 2,
    /// <summary>32-bit signed integer (<c>torch.int32</c>).</summary>
    Int32 = 3,
    /// <summary>64-bit signed integer (<c>torch.int64</c>).</summary>
    Int64 = 4,
    /// <summary>IEEE half precision (<c>torch.float16</c>).</summary>
    Float16 = 5,
    /// <summary>IEEE single precision (<c>torch.float32</c>).</summary>
    Float32 = 6,
    /// <summary>IEEE double precision (<c>torch.float64</c>).</summary>
    Float64 = 7,
    /// <summary>Boolean, one byte per element (<c>torch.bool</c>).</summary>
    Bool = 11,
    /// <summary>Brain floating point (<c>torch.bfloat16</c>).</summary>
    BFloat16 = 15,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypeInfo
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this DType dtype) => dtype switch
    {
        DType.UInt8 or DType.Int8 or DType.Bool => 1,
        DType.Int16 or DType.Float16 or DType.BFloat16 => 2,
        DType.Int32 or DType.Float32 => 4,
        DType.Int64 or DType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>True for the floating-point types.</summary>
    public static bool IsFloatingPoint(this DType dtype) =>
        dtype is DType.Float16 or DType.BFloat16 or DType.Float32 or DType.Float64;

    /// <summary>The torch name of the type, e.g. <c>float32</c>.</summary>
    public static string TorchName(this DType dtype) => dtype switch
    {
        DType.UInt8 => "uint8", DType.Int8 => "int8", DType.Int16 => "int16", DType.Int32 => "int32",
        DType.Int64 => "int64", DType.Float16 => "float16", DType.Float32 => "float32",
        DType.Float64 => "float64", DType.Bool => "bool", DType.BFloat16 => "bfloat16",
        _ => dtype.ToString(),
    };
}
