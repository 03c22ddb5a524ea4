using GanKit.Networks;
using GanKit.Networks.Layers;
using GanKit.Torch;

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
    public static Tensor Generate(this Generator G, IReadOnlyList<uint> seeds, double truncationPsi = 1, int? truncationCutoff = null,
        NoiseMode noiseMode = NoiseMode.Const, int? classIndex = null)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var ws = G.SeedsToWs(seeds, truncationPsi, truncationCutoff, classIndex);
        return G.synthesis.forward(ws, noiseMode).MoveToOuterDisposeScope();
    }
}
