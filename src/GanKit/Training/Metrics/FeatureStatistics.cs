using GanKit.Formats.Numpy;

namespace GanKit.Training.Metrics;

/// <summary>
/// Running statistics of detector features, filled a batch at a time: the count, the mean and the covariance
/// (float64 sums), and optionally every feature row (KID and precision/recall need them). The covariance is the
/// population one, Σ xxᵀ / n − μμᵀ, as the reference's FID uses.
/// </summary>
public sealed class FeatureStatistics : IDisposable
{
    private readonly List<Tensor> _rows = new();
    private Tensor? _sum;
    private Tensor? _outer;
    private Tensor? _all;

    /// <summary>Starts empty; with <paramref name="keepFeatures"/> every row is kept as well (float32).</summary>
    public FeatureStatistics(bool keepFeatures = false) => KeepsFeatures = keepFeatures;

    /// <summary>Whether every feature row is kept.</summary>
    public bool KeepsFeatures { get; }

    /// <summary>Rows added.</summary>
    public long Count { get; private set; }

    /// <summary>Feature width (0 before the first batch).</summary>
    public int Dim { get; private set; }

    /// <summary>Adds feature rows [N, D] (any float dtype, any device).</summary>
    public void Add(Tensor features)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.ndim != 2) throw new ArgumentException($"features must be [N, D], got [{string.Join(", ", features.shape)}]", nameof(features));
        if (Dim != 0 && features.shape[1] != Dim) throw new ArgumentException($"features have {features.shape[1]} columns, expected {Dim} like the earlier batches", nameof(features));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = features.detach().to(ScalarType.Float64).cpu();
        if (x.isnan().any().item<bool>() || x.isinf().any().item<bool>()) throw new ArgumentException("features hold NaN or infinity", nameof(features));
        Dim = (int)x.shape[1];
        var sum = x.sum(0L);
        var outer = x.t().mm(x);
        if (_sum is null)
        {
            // Held across calls: detached, so no caller's dispose scope frees them.
            _sum = sum.DetachFromDisposeScope();
            _outer = outer.DetachFromDisposeScope();
        }
        else
        {
            _sum.add_(sum);
            _outer!.add_(outer);
        }
        if (KeepsFeatures)
        {
            _rows.Add(features.detach().to(ScalarType.Float32).cpu().clone().DetachFromDisposeScope());
            _all?.Dispose();
            _all = null;
        }
        Count += x.shape[0];
    }

    /// <summary>The mean feature [D] (float64).</summary>
    public double[] Mean()
    {
        Require(1);
        using var mean = _sum!.div((double)Count).to(ScalarType.Float64);
        return mean.data<double>().ToArray();
    }

    /// <summary>The covariance [D, D] (float64, population: divided by n).</summary>
    public double[,] Covariance()
    {
        Require(1);
        using var scope = torch.NewDisposeScope();
        var mean = _sum!.div((double)Count);
        var cov = (_outer!.div((double)Count) - torch.outer(mean, mean)).to(ScalarType.Float64).contiguous();
        var flat = cov.data<double>().ToArray();
        var result = new double[Dim, Dim];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    /// <summary>Every row added, [Count, D] float32 (only when <see cref="KeepsFeatures"/>); owned by this object.</summary>
    public Tensor Features()
    {
        if (!KeepsFeatures) throw new InvalidOperationException("these statistics were made without keepFeatures: KID and precision/recall need every feature row");
        Require(1);
        if (_all is null)
        {
            var all = (_rows.Count == 1 ? _rows[0].alias() : torch.cat(_rows.ToArray())).DetachFromDisposeScope();
            foreach (var r in _rows) r.Dispose();
            _rows.Clear();
            _rows.Add(all.alias().DetachFromDisposeScope());
            _all = all;
        }
        return _all;
    }

    /// <summary>Writes the statistics (and features, when kept) as a NumPy .npz: <c>count</c>, <c>sum</c>, <c>outer</c>, <c>features</c>.</summary>
    public void Save(string path)
    {
        Require(1);
        var arrays = new Dictionary<string, Tensor>
        {
            ["count"] = torch.tensor(Count),
            ["sum"] = _sum!,
            ["outer"] = _outer!,
        };
        if (KeepsFeatures) arrays["features"] = Features();
        try { Npz.Write(path, arrays); }
        finally { arrays["count"].Dispose(); }
    }

    /// <summary>Reads statistics written by <see cref="Save"/>.</summary>
    public static FeatureStatistics Load(string path)
    {
        var arrays = Npz.ReadTensors(path);
        foreach (var key in new[] { "count", "sum", "outer" })
            if (!arrays.ContainsKey(key)) throw new InvalidDataException($"'{path}' is not a GanKit feature-statistics file: it lacks '{key}'");
        var stats = new FeatureStatistics(arrays.ContainsKey("features"))
        {
            Count = arrays["count"].to(ScalarType.Int64).item<long>(),
            Dim = (int)arrays["sum"].shape[0],
            _sum = arrays["sum"].to(ScalarType.Float64).DetachFromDisposeScope(),
            _outer = arrays["outer"].to(ScalarType.Float64).DetachFromDisposeScope(),
        };
        if (stats.KeepsFeatures) stats._rows.Add(arrays["features"].to(ScalarType.Float32).DetachFromDisposeScope());
        return stats;
    }

    /// <summary>Frees the sums and rows.</summary>
    public void Dispose()
    {
        _sum?.Dispose();
        _outer?.Dispose();
        _all?.Dispose();
        foreach (var r in _rows) r.Dispose();
        _rows.Clear();
    }

    private void Require(int n)
    {
        if (Count < n) throw new InvalidOperationException($"no features were added (need at least {n} row)");
    }
}
