using GanKit.Torch;

namespace GanKit.Imaging;

/// <summary>
/// Tensors ⇄ 8-bit images, by GanKit's contract: generator output in [-1, 1] (NCHW) becomes
/// <c>clamp(floor(x · 127.5 + 128), 0, 255)</c>; a real image is read as <c>u8 / 127.5 − 1</c>.
/// </summary>
public static class TensorImageConversion
{
    /// <summary>Converts a batch [N, C, H, W] (C = 1, 3 or 4; alpha is dropped) to images.</summary>
    public static RgbImage[] ToImages(Tensor images)
    {
        var s = images.shape;
        if (s.Length != 4 || s[1] is not (1 or 3 or 4))
            throw new ArgumentException($"images must have shape [N, 1|3|4, H, W], got [{string.Join(", ", s)}]", nameof(images));
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = images.detach().to(DType.Float32);
        if (s[1] == 1) x = x.repeat(1, 3, 1, 1);
        if (s[1] == 4) x = x.narrow(1, 0, 3);
        // The contract's conversion, computed on the images' device; only bytes travel back.
        var bytes = (x * 127.5 + 128).floor().clamp(0, 255).to(DType.UInt8).permute(0, 2, 3, 1).contiguous().data<byte>();
        int n = (int)s[0], h = (int)s[2], w = (int)s[3], size = h * w * 3;
        return Enumerable.Range(0, n).Select(i => RgbImage.FromRgb(w, h, bytes.AsSpan(i * size, size))).ToArray();
    }

    /// <summary>Converts one image [1, C, H, W] or [C, H, W] to an image.</summary>
    public static RgbImage ToImage(Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        return ToImages(image.ndim == 3 ? image.unsqueeze(0) : image)[0];
    }

    /// <summary>Reads images into one tensor [N, 3, H, W] in [-1, 1] (all images must share a size).</summary>
    public static Tensor FromImages(IReadOnlyList<RgbImage> images, Device? device = null)
    {
        if (images.Count == 0) throw new ArgumentException("no images", nameof(images));
        int w = images[0].Width, h = images[0].Height;
        var bytes = new byte[images.Count * w * h * 3];
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i].Width != w || images[i].Height != h)
                throw new ArgumentException($"image {i} is {images[i].Width}x{images[i].Height}, expected {w}x{h} like the first", nameof(images));
            images[i].Pixels.CopyTo(bytes.AsSpan(i * w * h * 3));
        }
        using var scope = torch.NewDisposeScope();
        var u8 = torch.tensor(bytes, [images.Count, h, w, 3], device);
        return (u8.permute(0, 3, 1, 2).to(DType.Float32) / 127.5 - 1).MoveToOuterDisposeScope();
    }
}
