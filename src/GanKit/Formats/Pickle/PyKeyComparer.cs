using System.Numerics;

namespace GanKit.Formats.Pickle;

/// <summary>Python's equality and hashing for dict keys.</summary>
internal sealed class PyKeyComparer : IEqualityComparer<object>
{
    private const int MaxKeyDepth = 32;

    public static readonly PyKeyComparer Instance = new();

    /// <summary>Refuses keys Python could not hash (lists, dicts, ...) and absurdly nested tuples.</summary>
    public static void RequireHashable(object? key, int depth = 0)
    {
        switch (key)
        {
            case null or bool or long or BigInteger or double or string or PyBytes { IsByteArray: false } or PyGlobal:
                return;
            case PyTuple tuple when depth < MaxKeyDepth:
                foreach (var item in tuple.Items)
                    RequireHashable(item, depth + 1);
                return;
            case PyTuple:
                throw new PickleDataException($"a dict key is a tuple nested more than {MaxKeyDepth} deep");
            default:
                throw new PickleDataException($"a dict key is {PyDescribe.Of(key)}, which Python cannot hash");
        }
    }

    public new bool Equals(object? x, object? y)
    {
        if (ReferenceEquals(x, y))
            return true;
        x = Normalize(x);
        y = Normalize(y);
        return (x, y) switch
        {
            (long a, long b) => a == b,
            (double a, double b) => a == b,
            (BigInteger a, BigInteger b) => a == b,
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            (PyBytes a, PyBytes b) => a.Memory.Span.SequenceEqual(b.Memory.Span),
            (PyTuple a, PyTuple b) => a.Count == b.Count && a.Hash == b.Hash && ItemsEqual(a.Items, b.Items),
            _ => false,
        };
    }

    public int GetHashCode(object obj) => Normalize(obj) switch
    {
        long l => l.GetHashCode(),
        double d => d.GetHashCode(),
        BigInteger b => b.GetHashCode(),
        string s => StringComparer.Ordinal.GetHashCode(s),
        PyBytes b => b.Hash,
        PyTuple t => t.Hash,
        var other => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(other),
    };

    internal int CombineHash(object?[] items)
    {
        var hash = new HashCode();
        foreach (var item in items)
            hash.Add(item is null ? 0 : GetHashCode(item));
        return hash.ToHashCode();
    }

    private bool ItemsEqual(object?[] a, object?[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (!(a[i] is null ? b[i] is null : b[i] is not null && Equals(a[i], b[i])))
                return false;
        }
        return true;
    }

    // Python treats True, 1, 1.0 and 1 as a big int as the same key.
    private static object? Normalize(object? value) => value switch
    {
        bool b => b ? 1L : 0L,
        double d when d == Math.Floor(d) && d >= long.MinValue && d < 9.2233720368547758E18 => (long)d,
        BigInteger b when b >= long.MinValue && b <= long.MaxValue => (long)b,
        _ => value,
    };
}
