namespace GanKit.Imaging;

/// <summary>A mutable RGB pixel buffer for composing images; frozen into an <see cref="RgbImage"/> at the end.</summary>
internal sealed class RgbCanvas
{
    private readonly byte[] _rgb;

    public RgbCanvas(int width, int height, (byte R, byte G, byte B) background)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A canvas needs at least 1x1 pixels, got {width}x{height}.");
        }
        Width = width;
        Height = height;
        _rgb = new byte[checked(width * height * 3)];
        FillRect(0, 0, width, height, background);
    }

    public int Width { get; }

    public int Height { get; }

    public void FillRect(int x, int y, int width, int height, (byte R, byte G, byte B) color)
    {
        int x0 = Math.Max(0, x), y0 = Math.Max(0, y);
        int x1 = Math.Min(Width, x + width), y1 = Math.Min(Height, y + height);
        for (var py = y0; py < y1; py++)
        {
            for (var px = x0; px < x1; px++)
            {
                var o = (py * Width + px) * 3;
                _rgb[o] = color.R;
                _rgb[o + 1] = color.G;
                _rgb[o + 2] = color.B;
            }
        }
    }

    /// <summary>Copies <paramref name="image"/> with its top-left corner at (x, y), each pixel repeated scale x scale times.</summary>
    public void Draw(RgbImage image, int x, int y, int scale = 1)
    {
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
                var o = (py * Width + px) * 3;
                _rgb[o] = source[s];
                _rgb[o + 1] = source[s + 1];
                _rgb[o + 2] = source[s + 2];
            }
        }
    }

    public void DrawText(int x, int y, string text, int scale, (byte R, byte G, byte B) color) =>
        BitmapFont.Draw(_rgb, Width, Height, x, y, text, scale, color);

    /// <summary>Hands the buffer to a new image; the canvas must not be used afterwards.</summary>
    public RgbImage ToImage() => RgbImage.Wrap(Width, Height, _rgb);
}
