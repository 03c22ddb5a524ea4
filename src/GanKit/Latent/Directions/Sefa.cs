using GanKit.Networks;

namespace GanKit.Latent.Directions;

/// <summary>
/// Closed-form factorisation (SeFa, Shen &amp; Zhou 2021): the directions d that most change the styles of a range of
/// layers are the top eigenvectors of AᵀA, where A stacks the style affines (as applied: stored weight × gain, see
/// <see cref="StyleAffine"/>) of every layer that reads a ws index in the range. Needs no sampling; the mean and
/// projection stdev stored with the directions come from ws of seeds 0…S−1 as for PCA.
/// </summary>
public static class Sefa
{
    /// <summary>The method name stored in directions files.</summary>
    public const string Method = "sefa";

    /// <summary>AᵀA [w_dim, w_dim] (float64) for the affines reading ws indices in <paramref name="wsIndices"/>.</summary>
    public static double[,] Gram(Generator G, IReadOnlyCollection<int> wsIndices)
    {
        var numWs = G.NumWs;
        if (wsIndices.Count == 0) throw new ArgumentException("--layers: expected one or more ws indices");
        foreach (var i in wsIndices)
            if (i < 0 || i >= numWs) throw new ArgumentException($"--layers: ws index {i} is outside 0..{numWs - 1}");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var wDim = G.mapping.WDim;
        var gram = torch.zeros([wDim, wDim], ScalarType.Float64);
        foreach (var affine in StyleAffine.Of(G.synthesis).Where(a => wsIndices.Contains(a.WsIndex)))
        {
            var a = affine.Layer.weight.detach().cpu().to(ScalarType.Float64) * affine.Gain;
            gram.add_(a.t().matmul(a));
        }
        gram = (gram + gram.t()) / 2;
        var flat = gram.contiguous().data<double>().ToArray();
        var result = new double[wDim, wDim];
        Buffer.BlockCopy(flat, 0, result, 0, flat.Length * sizeof(double));
        return result;
    }

    /// <summary>
    /// The top <paramref name="components"/> SeFa directions for the layers reading <paramref name="wsIndices"/>.
    /// <see cref="DirectionSet.ExplainedVariance"/> holds the eigenvalues of AᵀA, the ratio their share of its trace.
    /// </summary>
    /// <param name="samples">Seeds for the stored mean and projection stdev (0: none computed, stdev 0).</param>
    public static DirectionSet Directions(Generator G, IReadOnlyList<int> wsIndices, int components, int samples = 10_000,
        string? networkHash = null, int? classIndex = null)
    {
        if (components < 1 || components > G.mapping.WDim)
            throw new ArgumentException($"--components must be in 1..{G.mapping.WDim} (w_dim), got {components}");
        var gram = Gram(G, wsIndices);
        var (values, vectors) = SymmetricEigen.Top(gram, components);
        var trace = 0.0;
        for (var i = 0; i < gram.GetLength(0); i++) trace += gram[i, i];
        var stats = samples >= 2 ? WStatistics.FromSeeds(G, samples, classIndex: classIndex) : null;
        var mean = stats?.Mean ?? new double[G.mapping.WDim];
        var stdev = vectors.Select(v => stats?.ProjectionStdev(v) ?? 0).ToArray();
        return new DirectionSet(vectors, values.Select(v => Math.Max(v, 0)).ToArray(), mean, stdev, Method, trace,
            stats?.Samples ?? 0, networkHash, FormatRange(wsIndices));
    }

    /// <summary>Writes ws indices compactly, e.g. <c>0-3,6</c>.</summary>
    public static string FormatRange(IEnumerable<int> indices)
    {
        var sorted = indices.Distinct().Order().ToArray();
        var parts = new List<string>();
        for (var i = 0; i < sorted.Length;)
        {
            var j = i;
            while (j + 1 < sorted.Length && sorted[j + 1] == sorted[j] + 1) j++;
            parts.Add(i == j ? $"{sorted[i]}" : $"{sorted[i]}-{sorted[j]}");
            i = j + 1;
        }
        return string.Join(",", parts);
    }
}
