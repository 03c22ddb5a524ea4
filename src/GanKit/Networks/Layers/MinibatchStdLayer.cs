
namespace GanKit.Networks.Layers;

/// <summary>
/// Minibatch standard deviation (Karras et al. 2018, §3): appends, per group of samples, the average standard
/// deviation of the features as extra channels, letting the discriminator notice a lack of variety.
/// </summary>
public sealed class MinibatchStdLayer : NetworkModule
{
    /// <summary>Creates the layer.</summary>
    /// <param name="group_size">Samples per group (null: the whole batch); capped at the batch size.</param>
    /// <param name="num_channels">Number of statistics channels appended.</param>
    public MinibatchStdLayer(int? group_size, int num_channels = 1)
    {
        GroupSize = group_size;
        NumChannels = num_channels;
    }

    /// <summary>Samples per group.</summary>
    public int? GroupSize { get; }

    /// <summary>Statistic channels appended.</summary>
    public int NumChannels { get; }

    /// <summary>[N, C, H, W] → [N, C + num_channels, H, W].</summary>
    public Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var s = x.shape;
        long n = s[0], c = s[1], h = s[2], w = s[3];
        var g = GroupSize is { } size ? Math.Min(size, n) : n;
        if (n % g != 0)
            throw new ArgumentException($"minibatch std: batch size {n} is not a multiple of the group size {g}");
        long f = NumChannels, cPer = c / f;
        // Sample i belongs to group i mod (N/G): the reference splits the batch as [G, N/G, ...].
        var y = x.reshape(g, -1, f, cPer, h, w);
        y = y - y.mean([0]);
        y = y.square().mean([0]);
        y = (y + 1e-8).sqrt();
        y = y.mean([2, 3, 4]);
        y = y.reshape(-1, f, 1, 1);
        y = y.repeat(g, 1, h, w);
        return torch.cat([x, y], 1).MoveToOuterDisposeScope();
    }
}
