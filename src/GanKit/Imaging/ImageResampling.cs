using SkiaSharp;

namespace GanKit.Imaging;

/// <summary>
/// High-quality resizing through SkiaSharp. Enlarging uses the Catmull-Rom cubic (sharp, like PIL's bicubic).
/// Shrinking first halves the image while it is at least twice the target (bilinear at exactly half size
/// averages each 2x2 block, so every source pixel counts and fine patterns do not alias), then takes the
/// last step of less than 2x with the Mitchell cubic, which rings less than Catmull-Rom.
/// </summary>
internal static class ImageResampling
{
    private static readonly SKSamplingOptions Halve = new(SKFilterMode.Linear, SKMipmapMode.None);
    private static readonly SKSamplingOptions Enlarge = new(SKCubicResampler.CatmullRom);
    private static readonly SKSamplingOptions Shrink = new(SKCubicResampler.Mitchell);

    public static RgbImage Resize(RgbImage image, int width, int height)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Resize needs a target of at least 1x1 pixels, got {width}x{height}.");
        }
        if (width == image.Width && height == image.Height)
        {
            return image;
        }
        var current = SkiaPixels.ToBitmap(image);
        try
        {
            while (current.Width >= 2 * width || current.Height >= 2 * height)
            {
                var halfWidth = current.Width >= 2 * width ? current.Width / 2 : current.Width;
                var halfHeight = current.Height >= 2 * height ? current.Height / 2 : current.Height;
                var half = Scale(current, halfWidth, halfHeight, Halve);
                current.Dispose();
                current = half;
            }
            if (current.Width != width || current.Height != height)
            {
                var shrinking = width < current.Width || height < current.Height;
                var final = Scale(current, width, height, shrinking ? Shrink : Enlarge);
                current.Dispose();
                current = final;
            }
            return SkiaPixels.ToImage(current);
        }
        finally
        {
            current.Dispose();
        }
    }

    private static SKBitmap Scale(SKBitmap source, int width, int height, SKSamplingOptions sampling)
    {
        var target = new SKBitmap(SkiaPixels.Info(width, height));
        if (!source.ScalePixels(target, sampling))
        {
            target.Dispose();
            throw new InvalidOperationException($"SkiaSharp could not scale {source.Width}x{source.Height} to {width}x{height}.");
        }
        return target;
    }
}
