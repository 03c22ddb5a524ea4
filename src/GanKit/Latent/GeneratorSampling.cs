using GanKit.Networks;
using GanKit.Networks.Layers;

namespace GanKit.Latent;

/// <summary>Sampling a generator from seeds: the latent tools' entry point for notebooks and the CLI.</summary>
public static class GeneratorSampling
{
    /// <summary>
    /// ws [N, num_ws, w_dim] for seeds, truncated towards the average w by ψ (on the first
    /// <paramref name="truncationCutoff"/> ws only, when given).
    /// </summary>
    public static Tensor SeedsToWs(this Generator G, IReadOnlyList<uint> seeds, double truncationPsi = 1, int? truncationCutoff = null,
        int? classIndex = null)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var device = G.device;
        var z = SeedLatents.Z(seeds, G.mapping.ZDim, device);
        var c = SeedLatents.Labels(G.mapping.CDim, classIndex, seeds.Count, device);
        return G.mapping.forward(z, c, truncationPsi, truncationCutoff).MoveToOuterDisposeScope();
    }

    /// <summary>Images [N, C, R, R] in [-1, 1] for seeds; the same seed gives the reference's image.</summary>
    /// <param name="batchSize">Images per synthesis pass; null: <see cref="DefaultBatchSize"/>.</param>
    public static Tensor Generate(this Generator G, IReadOnlyList<uint> seeds, double truncationPsi = 1, int? truncationCutoff = null,
        NoiseMode noiseMode = NoiseMode.Const, int? classIndex = null, int? batchSize = null)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var ws = G.SeedsToWs(seeds, truncationPsi, truncationCutoff, classIndex);
        return G.Synthesize(ws, noiseMode, batchSize).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Images [N, C, R, R] for ws [N, num_ws, w_dim], synthesised <paramref name="batchSize"/> at a time so that
    /// memory stays bounded however many ws there are (null: <see cref="DefaultBatchSize"/>).
    /// </summary>
    public static Tensor Synthesize(this Generator G, Tensor ws, NoiseMode noiseMode = NoiseMode.Const, int? batchSize = null)
    {
        var size = batchSize ?? G.DefaultBatchSize();
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), size, "batch size must be at least 1");
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var n = ws.size(0);
        if (n <= size) return G.synthesis.forward(ws, noiseMode).MoveToOuterDisposeScope();
        var parts = new List<Tensor>();
        for (long start = 0; start < n; start += size)
        {
            using var batchScope = torch.NewDisposeScope();
            parts.Add(G.synthesis.forward(ws.narrow(0, start, Math.Min(size, n - start)), noiseMode).MoveToOuterDisposeScope());
        }
        return torch.cat([.. parts]).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Images per synthesis pass that run fastest without exhausting memory: on CUDA 8; on the CPU about 2¹⁸
    /// output pixels a pass (4 at 256², 1 from 512² up, at most 8). Measured on 2 cores with
    /// <c>gankit bench generate</c>: 256² gave 2.1, 4.7 and 2.3 images/s at batch 1, 4 and 16; 512² 1.04 and 0.65 at
    /// batch 1 and 2; 1024² took 11.8 GB at batch 8, at a third of batch 1's speed.
    /// </summary>
    public static int DefaultBatchSize(this Generator G)
    {
        if (G.device.type == DeviceType.CUDA) return 8;
        var pixels = (long)G.synthesis.ImgResolution * G.synthesis.ImgResolution;
        return (int)Math.Clamp((1L << 18) / pixels, 1, 8);
    }
}
