using SkiaSharp;

namespace GanKit.Imaging;

/// <summary>
/// Moves pixels between <see cref="RgbImage"/> (3 bytes a pixel) and SkiaSharp bitmaps, which have no
/// 24-bit colour type: GanKit's bitmaps are opaque RGBA (4 bytes a pixel, alpha 255).
/// </summary>
internal static class SkiaPixels
{
    /// <summary>The layout of every bitmap GanKit hands to SkiaSharp; no colour space, so no colour conversion.</summary>
    public static SKImageInfo Info(int width, int height) => new(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);

    /// <summary>A new opaque bitmap holding <paramref name="image"/>'s pixels.</summary>
    public static SKBitmap ToBitmap(RgbImage image)
    {
        var bitmap = new SKBitmap(Info(image.Width, image.Height));
        var rgba = bitmap.GetPixelSpan();
        var rgb = image.Pixels;
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgba[j] = rgb[i];
            rgba[j + 1] = rgb[i + 1];
            rgba[j + 2] = rgb[i + 2];
            rgba[j + 3] = 255;
        }
        return bitmap;
    }

    /// <summary>The colour bytes of an opaque RGBA bitmap (alpha ignored) as an image.</summary>
    public static RgbImage ToImage(SKBitmap bitmap)
    {
        if (bitmap.ColorType != SKColorType.Rgba8888 || bitmap.RowBytes != bitmap.Width * 4)
        {
            throw new InvalidOperationException($"Expected a packed RGBA bitmap, got {bitmap.ColorType} with {bitmap.RowBytes} bytes a row.");
        }
        ReadOnlySpan<byte> rgba = bitmap.GetPixelSpan();
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = rgba[i];
            rgb[j + 1] = rgba[i + 1];
            rgb[j + 2] = rgba[i + 2];
        }
        return RgbImage.Wrap(bitmap.Width, bitmap.Height, rgb);
    }
}
