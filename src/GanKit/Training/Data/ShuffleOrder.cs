namespace GanKit.Training.Data;

/// <summary>
/// The image order of a training stream: pass p is a Fisher-Yates permutation of the whole set drawn from a
/// SplitMix64 generator seeded by (seed, p). It depends on nothing but the seed, so any worker can compute any
/// position, and a resumed run starting at image k sees exactly the images an uninterrupted one saw from k.
/// </summary>
internal sealed class ShuffleOrder
{
    private readonly int _count;
    private readonly ulong _seed;
    private readonly object _gate = new();
    private readonly Dictionary<long, int[]> _passes = new();

    public ShuffleOrder(int count, long seed)
    {
        _count = count;
        _seed = (ulong)seed;
    }

    /// <summary>The image at <paramref name="position"/> of the stream (position ≥ 0).</summary>
    public int this[long position] => Pass(position / _count)[position % _count];

    private int[] Pass(long pass)
    {
        lock (_gate)
        {
            if (_passes.TryGetValue(pass, out var cached)) return cached;
            var perm = Permutation(_count, _seed, pass);
            // Workers run at most a few batches ahead, so only neighbouring passes are ever needed together.
            foreach (var old in _passes.Keys.Where(k => k < pass - 1).ToArray()) _passes.Remove(old);
            _passes[pass] = perm;
            return perm;
        }
    }

    /// <summary>The permutation of pass <paramref name="pass"/> for <paramref name="seed"/>.</summary>
    public static int[] Permutation(int count, ulong seed, long pass)
    {
        var state = Mix(Mix(seed) ^ (ulong)pass);
        var perm = new int[count];
        for (var i = 0; i < count; i++) perm[i] = i;
        for (var i = count - 1; i > 0; i--)
        {
            state += 0x9E3779B97F4A7C15UL;
            // Multiply-shift maps 64 random bits to [0, i]; the bias (i / 2^64) is far below anything observable.
            var j = (int)(((UInt128)Mix(state) * (ulong)(i + 1)) >> 64);
            (perm[i], perm[j]) = (perm[j], perm[i]);
        }
        return perm;
    }

    /// <summary>SplitMix64's finaliser: a bijective scramble of 64 bits.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
