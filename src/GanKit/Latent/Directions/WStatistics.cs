using GanKit.Networks;

namespace GanKit.Latent.Directions;

/// <summary>
/// Mean and covariance of w over seeds 0…S−1 (ψ = 1), streamed in float64 batches so that only one batch of ws and
/// one w_dim × w_dim accumulator are ever held, however many samples there are.
/// </summary>
public sealed class WStatistics
{
    private WStatistics(long samples, double[] mean, double[,] covariance)
    {
        Samples = samples;
        Mean = mean;
        Covariance = covariance;
    }

    /// <summary>Number of ws the statistics cover.</summary>
    public long Samples { get; }

    /// <summary>Mean w, [w_dim].</summary>
    public double[] Mean { get; }

    /// <summary>Sample covariance (divided by S − 1), [w_dim, w_dim].</summary>
    public double[,] Covariance { get; }

    /// <summary>w dimension.</summary>
    public int WDim => Mean.Length;

    /// <summary>Total variance: the covariance's trace.</summary>
    public double TotalVariance
    {
        get
        {
            var total = 0.0;
            for (var i = 0; i < WDim; i++) total += Covariance[i, i];
            return total;
        }
    }

    /// <summary>Standard deviation of the projection of w on <paramref name="direction"/>: √(dᵀ C d).</summary>
    public double ProjectionStdev(IReadOnlyList<double> direction)
    {
        if (direction.Count != WDim) throw new ArgumentException($"direction has {direction.Count} values, w_dim is {WDim}", nameof(direction));
        var sum = 0.0;
        for (var i = 0; i < WDim; i++)
        for (var j = 0; j < WDim; j++)
            sum += direction[i] * Covariance[i, j] * direction[j];
        return Math.Sqrt(Math.Max(sum, 0));
    }

    /// <summary>
    /// Statistics of the ws of seeds 0…<paramref name="samples"/>−1 by the seed contract (ψ = 1), mapped
    /// <paramref name="batchSize"/> at a time.
    /// </summary>
    /// <param name="progress">Called with the number of samples done after each batch.</param>
    public static WStatistics FromSeeds(Generator G, int samples, int batchSize = 4096, int? classIndex = null, Action<long>? progress = null)
    {
        if (samples < 2) throw new ArgumentException($"--samples must be at least 2, got {samples}");
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batch size must be at least 1");
        using var scope = torch.NewDisposeScope();
        var wDim = G.mapping.WDim;
        var device = G.device;
        // Sums of (w − shift) and of its outer products, shifted by the first batch's mean: the textbook
        // E[xxᵀ] − mmᵀ would cancel catastrophically when the mean is large against the spread.
        Tensor? shift = null;
        var sum = torch.zeros([wDim], ScalarType.Float64, device);
        var gram = torch.zeros([wDim, wDim], ScalarType.Float64, device);
        for (var start = 0; start < samples; start += batchSize)
        {
            using var batchScope = torch.NewDisposeScope();
            var count = Math.Min(batchSize, samples - start);
            var seeds = Enumerable.Range(start, count).Select(s => (uint)s).ToArray();
            var ws = G.SeedsToWs(seeds, classIndex: classIndex);
            // At ψ = 1 every ws row of a sample is the same w: take the first.
            var w = ws.select(1, 0).to(ScalarType.Float64);
            if (shift is null)
            {
                shift = w.mean([0]).MoveToOuterDisposeScope();
            }
            var centred = w - shift;
            sum.add_(centred.sum([0]));
            gram.add_(centred.t().matmul(centred));
            progress?.Invoke(start + count);
        }

        var n = (double)samples;
        var meanShifted = sum / n;
        var covariance = (gram - n * meanShifted.outer(meanShifted)) / (n - 1);
        covariance = (covariance + covariance.t()) / 2;  // exactly symmetric for the eigensolver
        var mean = (meanShifted + shift!).cpu().data<double>().ToArray();
        var flat = covariance.cpu().contiguous().data<double>().ToArray();
        var cov = new double[wDim, wDim];
        Buffer.BlockCopy(flat, 0, cov, 0, flat.Length * sizeof(double));
        return new WStatistics(samples, mean, cov);
    }
}
