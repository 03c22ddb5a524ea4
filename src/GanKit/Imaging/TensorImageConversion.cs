namespace GanKit.Imaging;

/// <summary>
/// TorchSharp tensors ⇄ 8-bit images, by GanKit's contract: generator output in [-1, 1] (NCHW) becomes
/// <c>clamp(floor(x · 127.5 + 128), 0, 255)</c>; a real image is read as <c>u8 / 127.5 − 1</c>.
/// The arithmetic runs in torch on the tensor's device; pixel bytes cross into .NET once.
/// </summary>
public static class TensorImageConversion
{
    /// <summary>Converts a batch [N, C, H, W] (C = 1: greyscale, repeated in R, G and B; 3; or 4: alpha is dropped) to images.</summary>
    public static RgbImage[] ToImages(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var s = images.shape;
        if (s.Length != 4 || s[1] is not (1 or 3 or 4) || s[2] < 1 || s[3] < 1)
        {
            throw new ArgumentException($"images must have shape [N, 1|3|4, H, W], got [{string.Join(", ", s)}]", nameof(images));
        }
        int n = (int)s[0], h = (int)s[2], w = (int)s[3], size = checked(h * w * 3);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var x = images.detach().to(ScalarType.Float32);
        x = s[1] switch
        {
            1 => x.expand(-1, 3, -1, -1),
            4 => x.narrow(1, 0, 3),
            _ => x,
        };
        // The contract's conversion, computed on the images' device; only NHWC bytes travel back.
        var bytes = (x * 127.5 + 128).floor_().clamp_(0, 255).to(ScalarType.Byte).permute(0, 2, 3, 1).contiguous().cpu();
        var all = bytes.bytes;
        var result = new RgbImage[n];
        for (var i = 0; i < n; i++)
        {
            result[i] = RgbImage.Wrap(w, h, all.Slice(i * size, size).ToArray());
        }
        return result;
    }

    /// <summary>Converts one image [1, C, H, W] or [C, H, W] to an image.</summary>
    public static RgbImage ToImage(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.ndim == 4 && image.shape[0] != 1)
        {
            throw new ArgumentException($"image must have shape [1, C, H, W] or [C, H, W], got [{string.Join(", ", image.shape)}]; use ToImages for a batch", nameof(image));
        }
        using var scope = torch.NewDisposeScope();
        return ToImages(image.ndim == 3 ? image.unsqueeze(0) : image)[0];
    }

    /// <summary>
    /// Reads images into one float32 tensor [N, 3, H, W] in [-1, 1] on <paramref name="device"/> (default CPU);
    /// all images must share a size (see <see cref="RgbImage.ResizeToFill"/>).
    /// </summary>
    public static Tensor FromImages(IReadOnlyList<RgbImage> images, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("no images", nameof(images));
        }
        int w = images[0].Width, h = images[0].Height, size = w * h * 3;
        for (var i = 1; i < images.Count; i++)
        {
            if (images[i].Width != w || images[i].Height != h)
            {
                throw new ArgumentException($"image {i} is {images[i].Width}x{images[i].Height}, expected {w}x{h} like the first", nameof(images));
            }
        }
        using var scope = torch.NewDisposeScope();
        // Pixels go straight into a CPU uint8 tensor (one copy), then to the device as bytes, a quarter of float32.
        var u8 = torch.empty([images.Count, h, w, 3], ScalarType.Byte);
        var target = u8.bytes;
        for (var i = 0; i < images.Count; i++)
        {
            images[i].Pixels.CopyTo(target.Slice(i * size, size));
        }
        var x = u8.to(device ?? torch.CPU).permute(0, 3, 1, 2).to(ScalarType.Float32) / 127.5 - 1;
        return x.contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>Reads one image into a float32 tensor [1, 3, H, W] in [-1, 1] on <paramref name="device"/> (default CPU).</summary>
    public static Tensor FromImage(RgbImage image, Device? device = null) => FromImages([image], device);
}
