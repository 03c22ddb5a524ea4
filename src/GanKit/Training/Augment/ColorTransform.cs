namespace GanKit.Training.Augment;

/// <summary>
/// Applies per-image colour matrices [N, 4, 4] (homogeneous, on (r, g, b, 1)) to images in [−1, 1]. A greyscale
/// image is treated as (g, g, g) and the mean of the transformed channels is kept.
/// </summary>
internal static class ColorTransform
{
    /// <summary>The luma axis (1, 1, 1)/√3 about which hue rotates, luma flips and saturation scales.</summary>
    public static readonly double[] LumaAxis = [1 / Math.Sqrt(3), 1 / Math.Sqrt(3), 1 / Math.Sqrt(3)];

    /// <summary>Applies <paramref name="matrix"/>[n] to every pixel of image n of <paramref name="images"/> [N, C, H, W], C = 1 or 3.</summary>
    public static Tensor Apply(Tensor images, Tensor matrix)
    {
        var (n, c, h, w) = (images.size(0), images.size(1), images.size(2), images.size(3));
        var m = matrix.to(images.dtype).to(images.device);
        var linear = m.narrow(1, 0, 3).narrow(2, 0, 3);
        var offset = m.narrow(1, 0, 3).narrow(2, 3, 1);
        if (c == 3)
            return (linear.matmul(images.reshape(n, 3, h * w)) + offset).reshape(n, 3, h, w);
        if (c == 1)
        {
            // Mean over output channels of M·(g, g, g) + t = g · ΣM/3 + Σt/3.
            var gain = linear.sum([1, 2], keepdim: true).div(3).reshape(n, 1, 1, 1);
            var shift = offset.sum([1, 2], keepdim: true).div(3).reshape(n, 1, 1, 1);
            return images * gain + shift;
        }
        throw new ArgumentException($"colour augmentation needs 1 or 3 channels, got {c}");
    }
}
