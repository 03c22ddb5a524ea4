using GanKit.Torch.Interop;

namespace GanKit.Torch;

/// <summary>
/// One argument of an ATen operator call, converted implicitly from the C# value. The bridge coerces it
/// to what the operator's schema asks for (an int where a float is expected, one int for <c>int[2]</c>).
/// </summary>
public readonly struct Arg
{
    internal readonly GkTag Tag;
    internal readonly long I;
    internal readonly double D;
    internal readonly object? Ref;
    internal readonly string? Name;

    private Arg(GkTag tag, long i = 0, double d = 0, object? reference = null, string? name = null)
    {
        Tag = tag;
        I = i;
        D = d;
        Ref = reference;
        Name = name;
    }

    /// <summary>Python's <c>None</c>: an absent optional argument.</summary>
    public static Arg None => default;

    /// <summary>The same value passed by keyword, e.g. <c>Arg.Named("align_corners", false)</c>.</summary>
    public static Arg Named(string name, Arg value) => new(value.Tag, value.I, value.D, value.Ref, name);

    /// <summary>A list of optional tensors (<c>Tensor?[]</c>, as indexing takes); null entries are None.</summary>
    public static Arg OptionalTensors(Tensor?[] tensors) => new(GkTag.OptionalTensorList, reference: tensors);

    /// <summary>A tensor, or None when null.</summary>
    public static implicit operator Arg(Tensor? t) => t is null ? default : new(GkTag.Tensor, reference: t);
    /// <summary>A list of tensors.</summary>
    public static implicit operator Arg(Tensor[] t) => new(GkTag.TensorList, reference: t);
    /// <summary>An int.</summary>
    public static implicit operator Arg(long v) => new(GkTag.Int, i: v);
    /// <summary>An int.</summary>
    public static implicit operator Arg(int v) => new(GkTag.Int, i: v);
    /// <summary>A float.</summary>
    public static implicit operator Arg(double v) => new(GkTag.Double, d: v);
    /// <summary>A bool.</summary>
    public static implicit operator Arg(bool v) => new(GkTag.Bool, i: v ? 1 : 0);
    /// <summary>An int list, or None when null.</summary>
    public static implicit operator Arg(long[]? v) => v is null ? default : new(GkTag.IntList, reference: v);
    /// <summary>A float list, or None when null.</summary>
    public static implicit operator Arg(double[]? v) => v is null ? default : new(GkTag.DoubleList, reference: v);
    /// <summary>A dtype, or None when null.</summary>
    public static implicit operator Arg(DType? v) => v is null ? default : new(GkTag.ScalarType, i: (long)v.Value);
    /// <summary>A device, or None when null.</summary>
    public static implicit operator Arg(Device? v) => v is null ? default : new(GkTag.Device, i: (long)v.Value.Type, d: v.Value.Index);
    /// <summary>A string, or None when null.</summary>
    public static implicit operator Arg(string? v) => v is null ? default : new(GkTag.String, reference: v);
    /// <summary>An optional int.</summary>
    public static implicit operator Arg(long? v) => v is null ? default : new(GkTag.Int, i: v.Value);
    /// <summary>An optional float.</summary>
    public static implicit operator Arg(double? v) => v is null ? default : new(GkTag.Double, d: v.Value);
}
