using System.Numerics;
using System.Runtime.InteropServices;

namespace GanKit.Formats.Pickle;

/// <summary>Short English descriptions of Python values, for error messages.</summary>
internal static class PyDescribe
{
    public static string Of(object? value) => value switch
    {
        null => "None",
        bool => "a bool",
        long or BigInteger => "an int",
        double => "a float",
        string => "a str",
        PyBytes b => b.IsByteArray ? "a bytearray" : "bytes",
        PyTuple => "a tuple",
        PyList => "a list",
        PyDict { ClassName: { } name } => $"a {name}",
        PyDict => "a dict",
        PySet s => s.Frozen ? "a frozenset" : "a set",
        PyGlobal g => $"the global {g.FullName}",
        TorchTensor => "a tensor",
        TorchStorage => "a tensor storage",
        PersistentObject o => $"a {o.ClassName} object",
        NumpyDType => "a numpy dtype",
        NumpyArray => "a numpy array",
        _ => value.GetType().Name,
    };

    /// <summary>The value as a string, or an error naming what it should have been.</summary>
    public static string Str(object? value, string what) =>
        value as string ?? throw new PickleDataException($"{what} should be a str but is {Of(value)}");

    /// <summary>The value as a 64-bit int, or an error naming what it should have been.</summary>
    public static long Int(object? value, string what) => value switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        _ => throw new PickleDataException($"{what} should be an int but is {Of(value)}"),
    };

    /// <summary>A tuple or list's items, or an error naming what it should have been.</summary>
    public static ReadOnlySpan<object?> Sequence(object? value, string what) => value switch
    {
        PyTuple t => t.Items,
        PyList l => CollectionsMarshal.AsSpan(l.Items),
        _ => throw new PickleDataException($"{what} should be a tuple or list but is {Of(value)}"),
    };
}
