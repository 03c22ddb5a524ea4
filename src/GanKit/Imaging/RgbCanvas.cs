using SkiaSharp;

namespace GanKit.Imaging;

/// <summary>
/// A mutable picture for composing images and text, backed by a SkiaSharp bitmap; frozen into an
/// <see cref="RgbImage"/> at the end. Images are copied pixel for pixel (whole-number upscaling repeats
/// pixels), so a cell in a grid holds exactly its image's values; text is drawn antialiased by SkiaSharp.
/// </summary>
internal sealed class RgbCanvas : IDisposable
{
    private readonly SKBitmap _bitmap;
    private readonly SKCanvas _canvas;

    public RgbCanvas(int width, int height, (byte R, byte G, byte B) background)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A canvas needs at least 1x1 pixels, got {width}x{height}.");
        }
        if ((long)width * height > int.MaxValue / 4)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A {width}x{height} canvas is too large ({int.MaxValue / 4} pixels at most).");
        }
        Width = width;
        Height = height;
        _bitmap = new SKBitmap(SkiaPixels.Info(width, height));
        _canvas = new SKCanvas(_bitmap);
        _canvas.Clear(Color(background));
    }

    public int Width { get; }

    public int Height { get; }

    public void FillRect(int x, int y, int width, int height, (byte R, byte G, byte B) color)
    {
        using var paint = new SKPaint { Color = Color(color), IsAntialias = false };
        _canvas.DrawRect(SKRect.Create(x, y, width, height), paint);
    }

    /// <summary>Copies <paramref name="image"/> with its top-left corner at (x, y), each pixel repeated scale x scale times.</summary>
    public void Draw(RgbImage image, int x, int y, int scale = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        _canvas.Flush();
        var target = _bitmap.GetPixelSpan();
        var source = image.Pixels;
        for (var sy = 0; sy < image.Height * scale; sy++)
        {
            var py = y + sy;
            if (py < 0 || py >= Height)
            {
                continue;
            }
            var sourceRow = sy / scale * image.Width;
            for (var sx = 0; sx < image.Width * scale; sx++)
            {
                var px = x + sx;
                if (px < 0 || px >= Width)
                {
                    continue;
                }
                var s = (sourceRow + sx / scale) * 3;
                var o = (py * Width + px) * 4;
                target[o] = source[s];
                target[o + 1] = source[s + 1];
                target[o + 2] = source[s + 2];
                target[o + 3] = 255;
            }
        }
        _bitmap.NotifyPixelsChanged();
    }

    /// <summary>Draws one line of text with its baseline's left end at (x, baseline).</summary>
    public void DrawText(string text, float x, float baseline, SKFont font, (byte R, byte G, byte B) color)
    {
        using var paint = new SKPaint { Color = Color(color), IsAntialias = true };
        _canvas.DrawText(text, x, baseline, SKTextAlign.Left, font, paint);
    }

    /// <summary>The picture as an image; the canvas stays usable.</summary>
    public RgbImage ToImage()
    {
        _canvas.Flush();
        return SkiaPixels.ToImage(_bitmap);
    }

    public void Dispose()
    {
        _canvas.Dispose();
        _bitmap.Dispose();
    }

    private static SKColor Color((byte R, byte G, byte B) c) => new(c.R, c.G, c.B);
}
