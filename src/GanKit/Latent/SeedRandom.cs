namespace GanKit.Latent;

/// <summary>
/// NumPy's legacy <c>numpy.random.RandomState(seed)</c>, reproduced bit for bit: the MT19937 generator
/// seeded with <c>init_genrand(seed)</c>, 53-bit doubles from two 32-bit draws, and the polar-method
/// Gaussian that caches its second value. A seed quoted with a published network therefore gives the same
/// latent here as in the reference <c>generate.py</c>: <c>RandomState(seed).randn(1, z_dim)</c>.
/// </summary>
public sealed class SeedRandom
{
    private const int StateLength = 624;
    private const int Shift = 397;
    private const uint MatrixA = 0x9908b0df;
    private const uint UpperMask = 0x80000000;
    private const uint LowerMask = 0x7fffffff;

    private readonly uint[] _state = new uint[StateLength];
    private int _position;
    private bool _hasGauss;
    private double _gauss;

    /// <summary>Seeds the generator as <c>RandomState(seed)</c> does for an integer seed.</summary>
    /// <param name="seed">Any value NumPy accepts, 0 to 2^32 - 1.</param>
    public SeedRandom(uint seed)
    {
        _state[0] = seed;
        for (var i = 1; i < StateLength; i++)
        {
            var previous = _state[i - 1];
            _state[i] = unchecked(1812433253u * (previous ^ (previous >> 30)) + (uint)i);
        }
        _position = StateLength; // the first draw regenerates the whole state
    }

    /// <summary>The next 32-bit output of MT19937 (<c>genrand_int32</c>).</summary>
    public uint NextUInt32()
    {
        if (_position >= StateLength)
            Regenerate();
        var y = _state[_position++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >> 18;
        return y;
    }

    /// <summary>A double in [0, 1) with 53 random bits, as <c>random_sample()</c>.</summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /// <summary>A standard normal sample, as the legacy <c>standard_normal()</c> / <c>randn()</c>.</summary>
    public double NextGaussian()
    {
        if (_hasGauss)
        {
            _hasGauss = false;
            return _gauss;
        }

        double x1, x2, r2;
        do
        {
            x1 = 2.0 * NextDouble() - 1.0;
            x2 = 2.0 * NextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        }
        while (r2 >= 1.0 || r2 == 0.0);

        var f = Math.Sqrt(-2.0 * Math.Log(r2) / r2);
        // NumPy returns f * x2 first and keeps f * x1 for the next call.
        _gauss = f * x1;
        _hasGauss = true;
        return f * x2;
    }

    /// <summary><c>numpy.random.RandomState(seed).randn(count)</c>.</summary>
    /// <param name="seed">The seed, 0 to 2^32 - 1.</param>
    /// <param name="count">Number of samples.</param>
    public static double[] Randn(uint seed, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new SeedRandom(seed);
        var result = new double[count];
        for (var i = 0; i < count; i++)
            result[i] = random.NextGaussian();
        return result;
    }

    /// <summary>
    /// <see cref="Randn"/> rounded to float32, as the reference converts a seed's latent before the network.
    /// </summary>
    /// <param name="seed">The seed, 0 to 2^32 - 1.</param>
    /// <param name="count">Number of samples (the network's <c>z_dim</c>).</param>
    public static float[] RandnFloat32(uint seed, int count) =>
        Array.ConvertAll(Randn(seed, count), x => (float)x);

    private void Regenerate()
    {
        var mt = _state;
        uint y;
        int k;
        for (k = 0; k < StateLength - Shift; k++)
        {
            y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + Shift] ^ (y >> 1) ^ ((y & 1) * MatrixA);
        }
        for (; k < StateLength - 1; k++)
        {
            y = (mt[k] & UpperMask) | (mt[k + 1] & LowerMask);
            mt[k] = mt[k + Shift - StateLength] ^ (y >> 1) ^ ((y & 1) * MatrixA);
        }
        y = (mt[StateLength - 1] & UpperMask) | (mt[0] & LowerMask);
        mt[StateLength - 1] = mt[Shift - 1] ^ (y >> 1) ^ ((y & 1) * MatrixA);
        _position = 0;
    }
}
