using GanKit.Imaging;

namespace GanKit.Latent.Projection;

/// <summary>Frames of a projection video: the target and the current projection side by side, enlarged for small networks.</summary>
public static class ProjectionFrames
{
    /// <summary>
    /// Target | projection, each enlarged by a whole factor (nearest neighbour) so the frame is at least
    /// <paramref name="minHeight"/> pixels tall; the width and height stay even, as H.264 needs.
    /// </summary>
    public static RgbImage SideBySide(RgbImage target, RgbImage projection, int minHeight = 256)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(projection);
        if (target.Width != projection.Width || target.Height != projection.Height)
            throw new ArgumentException($"target is {target.Width}×{target.Height}, projection {projection.Width}×{projection.Height}");
        int w = target.Width, h = target.Height;
        var rgb = new byte[2 * w * h * 3];
        for (var row = 0; row < h; row++)
        {
            target.Pixels.Slice(row * w * 3, w * 3).CopyTo(rgb.AsSpan(row * 2 * w * 3));
            projection.Pixels.Slice(row * w * 3, w * 3).CopyTo(rgb.AsSpan((row * 2 + 1) * w * 3));
        }
        return RgbImage.FromRgb(2 * w, h, rgb).Upscale(Scale(h, minHeight));
    }

    /// <summary>The whole enlargement factor that makes <paramref name="height"/> at least <paramref name="minHeight"/> and even.</summary>
    public static int Scale(int height, int minHeight = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var factor = Math.Max(1, (minHeight + height - 1) / height);
        if (height * factor % 2 == 1) factor++;
        return factor;
    }
}
