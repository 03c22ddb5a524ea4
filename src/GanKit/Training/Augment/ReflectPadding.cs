using F = TorchSharp.torch.nn.functional;

namespace GanKit.Training.Augment;

/// <summary>
/// Mirror padding of any width: libtorch's reflect mode needs a pad smaller than the image, so wider pads are
/// built in steps, each reflecting the already padded image (the result continues the mirror pattern periodically).
/// </summary>
internal static class ReflectPadding
{
    /// <summary>Pads images [N, C, H, W] by (left, right, top, bottom) pixels of mirrored content.</summary>
    public static Tensor Pad(Tensor x, long left, long right, long top, long bottom)
    {
        if (x.size(2) < 2 || x.size(3) < 2) throw new ArgumentException($"reflect padding needs images of at least 2×2 pixels, got {x.size(2)}×{x.size(3)}");
        while (left > 0 || right > 0 || top > 0 || bottom > 0)
        {
            var (h, w) = (x.size(2), x.size(3));
            var (l, r) = (Math.Min(left, w - 1), Math.Min(right, w - 1));
            var (t, b) = (Math.Min(top, h - 1), Math.Min(bottom, h - 1));
            x = F.pad(x, [l, r, t, b], PaddingModes.Reflect);
            (left, right, top, bottom) = (left - l, right - r, top - t, bottom - b);
        }
        return x;
    }
}
