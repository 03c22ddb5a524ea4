namespace GanKit.Training.Metrics;

/// <summary>
/// Kernel Inception distance (Bińkowski et al. 2018): the unbiased estimate of the squared maximum mean discrepancy
/// with the cubic polynomial kernel k(x, y) = (xᵀy / d + 1)³, averaged over random subsets of equal size from both
/// sets (100 subsets of at most 1000 features by default, as the StyleGAN2-ADA reference). Lower is better; about 0
/// for sets from one distribution (it can be slightly negative, being unbiased).
/// </summary>
public static class Kid
{
    /// <summary>KID between real and generated features [N, D], subsets drawn from <paramref name="seed"/>.</summary>
    public static double Compute(Tensor real, Tensor generated, int subsets = 100, int maxSubsetSize = 1000, long seed = 0)
    {
        Check(real, generated);
        ArgumentOutOfRangeException.ThrowIfLessThan(subsets, 1);
        var m = (int)Math.Min(Math.Min(real.shape[0], generated.shape[0]), maxSubsetSize);
        if (m < 2) throw new ArgumentException($"KID needs at least 2 features in each set, got {real.shape[0]} real and {generated.shape[0]} generated");
        var random = new Random(unchecked((int)seed));
        var genIndex = new int[subsets][];
        var realIndex = new int[subsets][];
        for (var s = 0; s < subsets; s++)
        {
            genIndex[s] = Choose(random, (int)generated.shape[0], m);
            realIndex[s] = Choose(random, (int)real.shape[0], m);
        }
        return Compute(real, generated, realIndex, genIndex);
    }

    /// <summary>KID over given subsets: row indices into each set, equal sizes per subset.</summary>
    public static double Compute(Tensor real, Tensor generated, IReadOnlyList<int[]> realSubsets, IReadOnlyList<int[]> generatedSubsets)
    {
        Check(real, generated);
        if (realSubsets.Count != generatedSubsets.Count || realSubsets.Count == 0) throw new ArgumentException("expected as many real as generated subsets, at least one");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var d = (double)real.shape[1];
        var r64 = real.to(ScalarType.Float64);
        var g64 = generated.to(ScalarType.Float64);
        var total = 0.0;
        for (var s = 0; s < realSubsets.Count; s++)
        {
            using var subsetScope = torch.NewDisposeScope();
            var m = realSubsets[s].Length;
            if (generatedSubsets[s].Length != m) throw new ArgumentException($"subset {s} has {m} real but {generatedSubsets[s].Length} generated rows");
            var x = g64.index_select(0, torch.tensor(generatedSubsets[s].Select(i => (long)i).ToArray()));
            var y = r64.index_select(0, torch.tensor(realSubsets[s].Select(i => (long)i).ToArray()));
            var a = (x.mm(x.t()) / d + 1).pow(3) + (y.mm(y.t()) / d + 1).pow(3);
            var b = (x.mm(y.t()) / d + 1).pow(3);
            // Within-set terms without the diagonal (unbiased), minus twice the cross term.
            var within = (a.sum() - a.diagonal().sum()).item<double>() / (m - 1);
            var cross = b.sum().item<double>() * 2 / m;
            total += (within - cross) / m;
        }
        return total / realSubsets.Count;
    }

    private static int[] Choose(Random random, int n, int m)
    {
        // A partial Fisher-Yates shuffle: m distinct indices.
        var pool = Enumerable.Range(0, n).ToArray();
        for (var i = 0; i < m; i++)
        {
            var j = random.Next(i, n);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool[..m];
    }

    private static void Check(Tensor real, Tensor generated)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        if (real.ndim != 2 || generated.ndim != 2 || real.shape[1] != generated.shape[1])
            throw new ArgumentException($"features must be [N, D] with one D, got [{string.Join(", ", real.shape)}] and [{string.Join(", ", generated.shape)}]");
    }
}
