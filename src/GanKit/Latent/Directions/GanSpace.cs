using GanKit.Networks;

namespace GanKit.Latent.Directions;

/// <summary>
/// GANSpace (Härkönen et al. 2020): the principal components of w over seeds 0…S−1 at ψ = 1. The covariance is
/// streamed in float64 batches (<see cref="WStatistics"/>) and eigen-decomposed with MathNet.Numerics; signs follow
/// <see cref="SymmetricEigen"/>'s rule (largest-magnitude component positive).
/// </summary>
public static class GanSpace
{
    /// <summary>The method name stored in directions files.</summary>
    public const string Method = "pca";

    /// <summary>The top <paramref name="components"/> principal directions of w.</summary>
    /// <param name="samples">Seeds 0…samples−1 are mapped (the seed contract), so the result is reproducible.</param>
    /// <param name="networkHash">Stored in the result, e.g. <see cref="NetworkHash.Of"/> of the network file.</param>
    public static DirectionSet Pca(Generator G, int samples, int components, int batchSize = 4096, int? classIndex = null,
        string? networkHash = null, Action<long>? progress = null)
    {
        if (components < 1 || components > G.mapping.WDim)
            throw new ArgumentException($"--components must be in 1..{G.mapping.WDim} (w_dim), got {components}");
        var stats = WStatistics.FromSeeds(G, samples, batchSize, classIndex, progress);
        return FromStatistics(stats, components, networkHash);
    }

    /// <summary>Principal directions from precomputed statistics.</summary>
    public static DirectionSet FromStatistics(WStatistics stats, int components, string? networkHash = null)
    {
        var (values, vectors) = SymmetricEigen.Top(stats.Covariance, components);
        // Round-off can leave tiny negative eigenvalues on a rank-deficient covariance: a variance is ≥ 0.
        var variance = values.Select(v => Math.Max(v, 0)).ToArray();
        return new DirectionSet(vectors, variance, stats.Mean, variance.Select(Math.Sqrt).ToArray(), Method,
            stats.TotalVariance, stats.Samples, networkHash);
    }
}
