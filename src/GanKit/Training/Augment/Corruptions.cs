namespace GanKit.Training.Augment;

/// <summary>The corruptions of the ADA pipeline: additive Gaussian noise and cutout.</summary>
internal static class Corruptions
{
    /// <summary>Adds noise of per-image σ <paramref name="sigma"/> [N], drawn from <paramref name="generator"/> (torch's when null).</summary>
    public static Tensor AddNoise(Tensor images, Tensor sigma, torch.Generator? generator)
    {
        var noise = torch.randn(images.shape, ScalarType.Float32, generator: generator).to(images.dtype).to(images.device);
        return images + noise * sigma.to(images.dtype).to(images.device).reshape(-1, 1, 1, 1);
    }

    /// <summary>Zeroes a square of side <paramref name="size"/> (fraction of the image) at each applied image's centre [N, 2] in [0, 1]².</summary>
    public static Tensor Cutout(Tensor images, Tensor center, Tensor applied, double size)
    {
        var (n, h, w) = (images.size(0), images.size(2), images.size(3));
        var c = center.to(images.dtype).to(images.device);
        var xs = torch.arange(w, images.dtype, images.device).add(0.5).div(w).reshape(1, 1, w);
        var ys = torch.arange(h, images.dtype, images.device).add(0.5).div(h).reshape(1, h, 1);
        var insideX = (xs - c.select(1, 0).reshape(n, 1, 1)).abs().lt(size / 2);
        var insideY = (ys - c.select(1, 1).reshape(n, 1, 1)).abs().lt(size / 2);
        var cut = insideX.logical_and(insideY).logical_and(applied.to(images.device).gt(0.5).reshape(n, 1, 1));
        return images * cut.logical_not().to(images.dtype).unsqueeze(1);
    }
}
