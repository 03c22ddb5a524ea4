namespace GanKit.Training.Metrics;

/// <summary>
/// The Laplacian pyramid of Burt and Adelson with the 5×5 binomial kernel ([1 4 6 4 1]/16 in each direction) and
/// mirror borders (OpenCV's <c>pyrDown</c>/<c>pyrUp</c> with its default border): the band-pass levels that ProGAN's
/// sliced Wasserstein distance compares, finest first, ending with the low-pass residual.
/// </summary>
public static class LaplacianPyramid
{
    /// <summary>
    /// The <paramref name="levels"/> levels of float images [N, C, H, W]: level 0 is at H×W and holds the detail that
    /// a down-and-up round trip loses; each next level is half the size; the last is the blurred, subsampled image itself.
    /// </summary>
    public static Tensor[] Build(Tensor images, int levels)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.ndim != 4) throw new ArgumentException($"images must be [N, C, H, W], got [{string.Join(", ", images.shape)}]", nameof(images));
        if (levels < 1) throw new ArgumentOutOfRangeException(nameof(levels), levels, "at least one level");
        var h = images.shape[2];
        var w = images.shape[3];
        if (h % (1L << (levels - 1)) != 0 || w % (1L << (levels - 1)) != 0 || (h >> (levels - 1)) < 3 || (w >> (levels - 1)) < 3)
            throw new ArgumentException($"{h}×{w} images cannot be halved {levels - 1} times down to at least 3×3", nameof(images));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var result = new Tensor[levels];
        var current = images.to(ScalarType.Float32);
        for (var i = 0; i < levels - 1; i++)
        {
            var down = Down(current);
            result[i] = current - Up(down);
            current = down;
        }
        result[levels - 1] = current;
        foreach (var level in result) level.MoveToOuterDisposeScope();
        return result;
    }

    /// <summary>Blur, then keep every second row and column (OpenCV <c>pyrDown</c>).</summary>
    public static Tensor Down(Tensor x) => Blur(x, 1).slice(2, 0, x.shape[2], 2).slice(3, 0, x.shape[3], 2);

    /// <summary>Insert zeros between samples, then blur with four times the kernel (OpenCV <c>pyrUp</c>).</summary>
    public static Tensor Up(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var s = x.shape;
        var z = torch.zeros([s[0], s[1], 2 * s[2], 2 * s[3]], x.dtype, x.device);
        z.slice(2, 0, 2 * s[2], 2).slice(3, 0, 2 * s[3], 2).copy_(x);
        return Blur(z, 4).MoveToOuterDisposeScope();
    }

    // The separable binomial kernel, depthwise, with whole-sample mirror padding (torch 'reflect' = OpenCV REFLECT_101).
    private static Tensor Blur(Tensor x, double gain)
    {
        using var scope = torch.NewDisposeScope();
        var channels = x.shape[1];
        var taps = torch.tensor(new[] { 1f, 4f, 6f, 4f, 1f }, device: x.device) / 16;
        var kernel = (torch.outer(taps, taps) * gain).to(x.dtype).expand(channels, 1, 5, 5).contiguous();
        var padded = torch.nn.functional.pad(x, [2, 2, 2, 2], PaddingModes.Reflect);
        return torch.nn.functional.conv2d(padded, kernel, groups: channels).MoveToOuterDisposeScope();
    }
}
