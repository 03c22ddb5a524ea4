using System.Runtime.InteropServices;

namespace GanKit.Torch.Interop;

/// <summary>Kinds of values crossing the bridge; mirrors <c>GkTag</c> in gankit_native.h.</summary>
internal enum GkTag : int
{
    None = 0,
    Tensor = 1,
    TensorList = 2,
    Int = 3,
    IntList = 4,
    Double = 5,
    DoubleList = 6,
    Bool = 7,
    ScalarType = 8,
    Device = 9,
    String = 10,
    OptionalTensorList = 11,
}

/// <summary>One argument or result of an operator call; mirrors <c>GkValue</c> in gankit_native.h.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GkValue
{
    public GkTag Tag;
    public int Count;
    public long I;
    public double D;
    public IntPtr P;
    public IntPtr Name;
}
