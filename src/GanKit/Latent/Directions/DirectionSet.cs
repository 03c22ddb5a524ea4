using System.Globalization;
using System.Text;
using GanKit.Formats.Numpy;
using GanKit.Torch;

namespace GanKit.Latent.Directions;

/// <summary>
/// Latent directions in W and their statistics: what <c>gankit directions</c> writes and <c>gankit edit</c> reads.
/// The file is safetensors with <c>directions</c> [K, w_dim] (unit rows), <c>explained_variance</c> [K],
/// <c>mean</c> [w_dim] and <c>stdev</c> [K] (float32), and metadata <c>method</c>, <c>network</c> (SHA-256 of the
/// network file), <c>samples</c>, <c>total_variance</c> and, for SeFa, <c>layers</c>.
/// <para>
/// A path ending in <c>.npz</c> is a NumPy archive instead, for the reference tools: the same four float32 arrays,
/// plus <c>total_variance</c> (float64, 0-d) and <c>samples</c> (int64, 0-d), and the text metadata <c>method</c>,
/// <c>network</c> and <c>layers</c> as uint8 arrays of UTF-8 bytes (<c>bytes(z['method']).decode()</c> in Python).
/// Unicode or object arrays would need NumPy's <c>&lt;U</c> dtype or pickles, which GanKit does not read, so the
/// archive stays plain numeric.
/// </para>
/// </summary>
public sealed class DirectionSet
{
    /// <summary>Creates a set; rows of <paramref name="directions"/> are normalised to unit length.</summary>
    public DirectionSet(IReadOnlyList<double[]> directions, double[] explainedVariance, double[] mean, double[] stdev,
        string method, double totalVariance, long samples = 0, string? networkHash = null, string? layers = null)
    {
        if (directions.Count == 0) throw new ArgumentException("a direction set needs at least one direction", nameof(directions));
        var wDim = mean.Length;
        if (directions.Any(d => d.Length != wDim))
            throw new ArgumentException($"every direction must have w_dim = {wDim} values", nameof(directions));
        if (explainedVariance.Length != directions.Count || stdev.Length != directions.Count)
            throw new ArgumentException($"explained_variance and stdev must have one value per direction ({directions.Count})");
        Directions = directions.Select(Normalised).ToArray();
        ExplainedVariance = explainedVariance;
        Mean = mean;
        Stdev = stdev;
        Method = method;
        TotalVariance = totalVariance;
        Samples = samples;
        NetworkHash = networkHash;
        Layers = layers;
    }

    /// <summary>Unit directions, [K][w_dim], strongest first.</summary>
    public IReadOnlyList<double[]> Directions { get; }

    /// <summary>
    /// Variance along each direction: for PCA the covariance eigenvalue, for SeFa the eigenvalue of AᵀA, for a
    /// supervised direction the variance of w's projection on it.
    /// </summary>
    public double[] ExplainedVariance { get; }

    /// <summary><see cref="ExplainedVariance"/> over <see cref="TotalVariance"/>.</summary>
    public double[] ExplainedVarianceRatio => ExplainedVariance.Select(v => TotalVariance > 0 ? v / TotalVariance : 0).ToArray();

    /// <summary>The sum over all directions (the covariance's or AᵀA's trace) that <see cref="ExplainedVarianceRatio"/> divides by.</summary>
    public double TotalVariance { get; }

    /// <summary>Mean w of the samples, [w_dim].</summary>
    public double[] Mean { get; }

    /// <summary>Standard deviation of the samples' projection on each direction, [K].</summary>
    public double[] Stdev { get; }

    /// <summary><c>pca</c>, <c>sefa</c> or <c>supervised</c>.</summary>
    public string Method { get; }

    /// <summary>Number of ws the statistics came from (0 when none).</summary>
    public long Samples { get; }

    /// <summary>SHA-256 (hex) of the network file the directions belong to, when known.</summary>
    public string? NetworkHash { get; }

    /// <summary>The ws range a SeFa factorisation used, e.g. <c>0-3</c>.</summary>
    public string? Layers { get; }

    /// <summary>Number of directions K.</summary>
    public int Count => Directions.Count;

    /// <summary>w dimension.</summary>
    public int WDim => Mean.Length;

    /// <summary>Direction <paramref name="component"/> as a float32 tensor [w_dim]; an index out of range names <c>--component</c>.</summary>
    public Tensor Direction(int component, Device? device = null)
    {
        if (component < 0 || component >= Count)
            throw new ArgumentException($"--component {component} is outside 0..{Count - 1} (the file holds {Count} directions)");
        return torch.tensor(Directions[component].Select(v => (float)v).ToArray(), [WDim], device: device);
    }

    /// <summary>All directions as a float32 tensor [K, w_dim].</summary>
    public Tensor ToTensor(Device? device = null) =>
        torch.tensor(Directions.SelectMany(d => d.Select(v => (float)v)).ToArray(), [Count, WDim], device: device);

    /// <summary>Writes the set as a directions file (atomically): safetensors, or a NumPy archive when the path ends in <c>.npz</c>.</summary>
    public void Save(string path)
    {
        static RawTensor Raw(IEnumerable<double> values, params long[] shape)
        {
            var floats = values.Select(v => (float)v).ToArray();
            var bytes = new byte[floats.Length * sizeof(float)];
            Buffer.BlockCopy(floats, 0, bytes, 0, bytes.Length);  // little-endian hosts only, as libtorch
            return new RawTensor(ScalarType.Float32, shape, bytes);
        }

        var tensors = new Dictionary<string, RawTensor>
        {
            ["directions"] = Raw(Directions.SelectMany(d => d), Count, WDim),
            ["explained_variance"] = Raw(ExplainedVariance, Count),
            ["mean"] = Raw(Mean, WDim),
            ["stdev"] = Raw(Stdev, Count),
        };
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "gankit-directions/1",
            ["method"] = Method,
            ["samples"] = Samples.ToString(CultureInfo.InvariantCulture),
            ["total_variance"] = TotalVariance.ToString("R", CultureInfo.InvariantCulture),
        };
        if (NetworkHash is not null) metadata["network"] = NetworkHash;
        if (Layers is not null) metadata["layers"] = Layers;
        if (IsNpz(path))
        {
            tensors["total_variance"] = new RawTensor(ScalarType.Float64, [], BitConverter.GetBytes(TotalVariance));
            tensors["samples"] = new RawTensor(ScalarType.Int64, [], BitConverter.GetBytes(Samples));
            foreach (var key in new[] { "method", "network", "layers" })
            {
                if (!metadata.TryGetValue(key, out var text)) continue;
                var utf8 = Encoding.UTF8.GetBytes(text);
                tensors[key] = new RawTensor(ScalarType.Byte, [utf8.Length], utf8);
            }
            Npz.Write(path, tensors);
            return;
        }
        Safetensors.Write(path, tensors, metadata);
    }

    /// <summary>Reads a directions file (safetensors, or a NumPy archive when the path ends in <c>.npz</c>), checking its tensors' shapes agree.</summary>
    /// <exception cref="GanKitFormatException">A tensor is missing or has the wrong shape.</exception>
    public static DirectionSet Load(string path)
    {
        IReadOnlyDictionary<string, RawTensor> tensors;
        IReadOnlyDictionary<string, string> metadata;
        if (IsNpz(path))
            (tensors, metadata) = ReadNpz(path);
        else
            tensors = Safetensors.Read(path, out metadata);
        RawTensor Get(string name, int rank) =>
            tensors.TryGetValue(name, out var t) && t.Shape.Length == rank
                ? t
                : throw new GanKitFormatException(path, $"not a directions file: expected tensor '{name}' of rank {rank}");
        var directions = Get("directions", 2);
        var (k, wDim) = ((int)directions.Shape[0], (int)directions.Shape[1]);
        var flat = directions.ToFloat32();
        var rows = Enumerable.Range(0, k).Select(i => flat.Skip(i * wDim).Take(wDim).Select(v => (double)v).ToArray()).ToArray();
        double[] Vector(string name, int length)
        {
            var t = Get(name, 1);
            if (t.Shape[0] != length)
                throw new GanKitFormatException(path, $"'{name}' has {t.Shape[0]} values, expected {length}");
            return t.ToFloat32().Select(v => (double)v).ToArray();
        }
        var explained = Vector("explained_variance", k);
        var mean = Vector("mean", wDim);
        var stdev = Vector("stdev", k);
        var method = metadata.GetValueOrDefault("method", "unknown");
        var total = metadata.TryGetValue("total_variance", out var tv) && double.TryParse(tv, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed : explained.Sum();
        var samples = metadata.TryGetValue("samples", out var s) && long.TryParse(s, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return new DirectionSet(rows, explained, mean, stdev, method, total, samples, metadata.GetValueOrDefault("network"), metadata.GetValueOrDefault("layers"));
    }

    private static bool IsNpz(string path) => path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase);

    // Turns the archive's scalar and UTF-8 members back into the metadata map the safetensors file carries.
    private static (IReadOnlyDictionary<string, RawTensor>, IReadOnlyDictionary<string, string>) ReadNpz(string path)
    {
        var arrays = Npz.Read(path);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in new[] { "method", "network", "layers" })
        {
            if (!arrays.TryGetValue(key, out var t)) continue;
            if (t.DType != ScalarType.Byte || t.Shape.Length != 1)
                throw new GanKitFormatException(path, $"'{key}' must be a 1-d uint8 array of UTF-8 text");
            metadata[key] = Encoding.UTF8.GetString(t.Data);
        }
        if (arrays.TryGetValue("total_variance", out var total))
        {
            if (total.ElementCount != 1 || total.DType is not (ScalarType.Float32 or ScalarType.Float64))
                throw new GanKitFormatException(path, "'total_variance' must be a single float");
            var value = total.DType == ScalarType.Float64 ? BitConverter.ToDouble(total.Data) : BitConverter.ToSingle(total.Data);
            metadata["total_variance"] = value.ToString("R", CultureInfo.InvariantCulture);
        }
        if (arrays.TryGetValue("samples", out var samples))
        {
            if (samples.ElementCount != 1 || samples.DType is not (ScalarType.Int32 or ScalarType.Int64))
                throw new GanKitFormatException(path, "'samples' must be a single integer");
            var value = samples.DType == ScalarType.Int64 ? BitConverter.ToInt64(samples.Data) : BitConverter.ToInt32(samples.Data);
            metadata["samples"] = value.ToString(CultureInfo.InvariantCulture);
        }
        return (arrays, metadata);
    }

    private static double[] Normalised(double[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => x * x));
        if (!(norm > 0) || !double.IsFinite(norm)) throw new ArgumentException("a direction must be a finite, non-zero vector");
        return v.Select(x => x / norm).ToArray();
    }
}
