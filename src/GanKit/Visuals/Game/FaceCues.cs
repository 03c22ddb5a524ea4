using GanKit.Imaging;

namespace GanKit.Visuals.Game;

/// <summary>
/// Simple measurements of one face image that tend to separate GAN samples from real images: how much fine detail
/// it has, how much its colour wobbles from pixel to pixel, how much of it is flat colour, how lopsided it is and
/// how busy its border (the background) is. None is a detector on its own; <see cref="FakeTells"/> compares a fake's
/// values with those of real images of the same size.
/// </summary>
/// <param name="Detail">Mean absolute Laplacian of the luminance (0-255 scale): low is blurry, high is grainy.</param>
/// <param name="ColourNoise">Mean absolute Laplacian of the two chroma channels (YCbCr): colour smudges and speckle.</param>
/// <param name="FlatArea">Fraction of interior pixels whose four neighbours all match within 3 levels per channel.</param>
/// <param name="Asymmetry">Mean absolute luminance difference between the image and its mirror image.</param>
/// <param name="BackgroundSpread">Standard deviation of the luminance in the outer eighth of the image (the border band).</param>
public sealed record FaceCues(double Detail, double ColourNoise, double FlatArea, double Asymmetry, double BackgroundSpread)
{
    /// <summary>Measures an image (at least 3x3 pixels).</summary>
    public static FaceCues Measure(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        int w = image.Width, h = image.Height;
        if (w < 3 || h < 3) throw new ArgumentException($"cues need an image of at least 3x3 pixels, got {w}x{h}", nameof(image));
        var px = image.Pixels;
        var y = new double[w * h];
        var cb = new double[w * h];
        var cr = new double[w * h];
        for (var i = 0; i < w * h; i++)
        {
            double r = px[3 * i], g = px[3 * i + 1], b = px[3 * i + 2];
            y[i] = 0.299 * r + 0.587 * g + 0.114 * b;
            cb[i] = -0.168736 * r - 0.331264 * g + 0.5 * b;
            cr[i] = 0.5 * r - 0.418688 * g - 0.081312 * b;
        }

        double detail = 0, colour = 0;
        var flat = 0;
        for (var row = 1; row < h - 1; row++)
        {
            for (var col = 1; col < w - 1; col++)
            {
                var i = row * w + col;
                detail += Math.Abs(Laplacian(y, i, w));
                colour += Math.Abs(Laplacian(cb, i, w)) + Math.Abs(Laplacian(cr, i, w));
                if (Matches(px, i, i - 1) && Matches(px, i, i + 1) && Matches(px, i, i - w) && Matches(px, i, i + w)) flat++;
            }
        }
        var interior = (double)(w - 2) * (h - 2);

        double asymmetry = 0;
        for (var row = 0; row < h; row++)
            for (var col = 0; col < w; col++)
                asymmetry += Math.Abs(y[row * w + col] - y[row * w + (w - 1 - col)]);

        // The border band: the outer eighth on each side (at least one pixel), where a portrait's background is.
        var band = Math.Max(1, Math.Min(w, h) / 8);
        double sum = 0, sumSquares = 0;
        var n = 0;
        for (var row = 0; row < h; row++)
        {
            for (var col = 0; col < w; col++)
            {
                if (row >= band && row < h - band && col >= band && col < w - band) continue;
                var v = y[row * w + col];
                sum += v;
                sumSquares += v * v;
                n++;
            }
        }
        var mean = sum / n;
        var spread = Math.Sqrt(Math.Max(0, sumSquares / n - mean * mean));

        return new FaceCues(detail / interior, colour / interior, flat / interior, asymmetry / (w * h), spread);
    }

    private static double Laplacian(double[] v, int i, int w) => 4 * v[i] - v[i - 1] - v[i + 1] - v[i - w] - v[i + w];

    private static bool Matches(ReadOnlySpan<byte> px, int a, int b) =>
        Math.Abs(px[3 * a] - px[3 * b]) <= 3 && Math.Abs(px[3 * a + 1] - px[3 * b + 1]) <= 3 && Math.Abs(px[3 * a + 2] - px[3 * b + 2]) <= 3;
}
