
namespace GanKit.Latent;

/// <summary>
/// Style mixing (StyleGAN, §3.1): an image synthesised from one latent's ws with some layers' ws taken from
/// another. Coarse layers (4², 8²) carry pose and shape, middle ones features, fine ones colour and texture.
/// </summary>
public static class StyleMixing
{
    /// <summary>
    /// Returns <paramref name="rowWs"/> [N, num_ws, w_dim] with the ws at indices <paramref name="styles"/>
    /// replaced by those of <paramref name="columnWs"/> (same shape, or [1, ...] broadcast).
    /// </summary>
    public static Tensor Mix(Tensor rowWs, Tensor columnWs, IReadOnlyCollection<int> styles)
    {
        var numWs = rowWs.size(1);
        foreach (var s in styles)
        {
            if (s < 0 || s >= numWs)
                throw new ArgumentOutOfRangeException(nameof(styles), $"--styles: layer {s} is outside 0..{numWs - 1} for a network with {numWs} ws");
        }
        using var scope = torch.NewDisposeScope();
        var mask = new float[numWs];
        foreach (var s in styles) mask[s] = 1;
        var m = torch.tensor(mask, [1, numWs, 1], device: rowWs.device);
        return torch.where(m.gt(0.5), columnWs.expand(rowWs.shape), rowWs).MoveToOuterDisposeScope();
    }
}
