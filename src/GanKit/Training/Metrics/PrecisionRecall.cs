namespace GanKit.Training.Metrics;

/// <summary>
/// Improved precision and recall (Kynkäänniemi et al. 2019): each set's manifold is the union of balls around its
/// features reaching to their k-th nearest neighbour (k = 3). Precision is the share of generated features inside the
/// real manifold (are the fakes realistic?); recall the share of real features inside the generated manifold (do
/// the fakes cover the variety of the reals?). Both in [0, 1], higher is better; identical sets give 1 and 1.
/// </summary>
public static class PrecisionRecall
{
    /// <summary>Precision and recall of generated features against real features [N, D].</summary>
    /// <param name="k">Neighbourhood size.</param>
    /// <param name="rowBatch">Rows of the distance matrix held at once (memory: rowBatch × N floats).</param>
    public static (double Precision, double Recall) Compute(Tensor real, Tensor generated, int k = 3, int rowBatch = 1024)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(generated);
        if (real.ndim != 2 || generated.ndim != 2 || real.shape[1] != generated.shape[1])
            throw new ArgumentException($"features must be [N, D] with one D, got [{string.Join(", ", real.shape)}] and [{string.Join(", ", generated.shape)}]");
        if (k < 1 || k >= Math.Min(real.shape[0], generated.shape[0]))
            throw new ArgumentException($"k must be in 1..{Math.Min(real.shape[0], generated.shape[0]) - 1} (fewer than the smaller set's {Math.Min(real.shape[0], generated.shape[0])} features), got {k}");
        ArgumentOutOfRangeException.ThrowIfLessThan(rowBatch, 1);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var r = real.to(ScalarType.Float64);
        var g = generated.to(ScalarType.Float64);
        return (Covered(r, g, k, rowBatch), Covered(g, r, k, rowBatch));
    }

    /// <summary>The share of <paramref name="probes"/> within the k-NN radius of some manifold point.</summary>
    private static double Covered(Tensor manifold, Tensor probes, int k, int rowBatch)
    {
        using var scope = torch.NewDisposeScope();
        var n = manifold.shape[0];
        var radii = new List<Tensor>();
        for (long start = 0; start < n; start += rowBatch)
        {
            // The point itself is its own nearest neighbour at distance 0, hence the (k+1)-th smallest.
            var d = Distances(manifold.narrow(0, start, Math.Min(rowBatch, n - start)), manifold);
            radii.Add(d.kthvalue(k + 1, 1).values);
        }
        var radius = torch.cat(radii.ToArray()).unsqueeze(0);
        long inside = 0;
        for (long start = 0; start < probes.shape[0]; start += rowBatch)
        {
            using var batchScope = torch.NewDisposeScope();
            var d = Distances(probes.narrow(0, start, Math.Min(rowBatch, probes.shape[0] - start)), manifold);
            inside += (d <= radius).any(1).sum().item<long>();
        }
        return inside / (double)probes.shape[0];
    }

    // Squared distances through the Gram matrix in float64, clipped at 0 (round-off), then the root.
    private static Tensor Distances(Tensor rows, Tensor cols)
    {
        var d2 = rows.square().sum(1, keepdim: true) + cols.square().sum(1).unsqueeze(0) - 2 * rows.mm(cols.t());
        return d2.clamp_min(0).sqrt();
    }
}
