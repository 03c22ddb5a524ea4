using GanKit.Imaging;

namespace GanKit.Latent.Projection;

/// <summary>
/// A photo made ready for projection: decoded (PNG, JPEG, WebP; greyscale repeated to RGB, transparency composited on
/// white), cut to a square (the largest centred one, or <see cref="SquareCrop"/>) and resized at high quality to the
/// network's resolution. Every failure names the file and says what was expected.
/// </summary>
public static class ProjectionTarget
{
    /// <summary>Loads <paramref name="path"/> as a <paramref name="resolution"/>² RGB image.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The path is a folder, or the file cannot be read.</exception>
    /// <exception cref="InvalidDataException">The file is not an image, or it is smaller than 2×2 pixels.</exception>
    /// <exception cref="ArgumentException">The crop does not fit in the image.</exception>
    public static RgbImage Load(string path, int resolution, SquareCrop? crop = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new IOException($"target '{path}' is a folder: expected one PNG, JPEG or WebP image file");
        if (!File.Exists(path))
            throw new FileNotFoundException($"target '{path}' does not exist: expected a PNG, JPEG or WebP image file", path);
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (UnauthorizedAccessException e) { throw new IOException($"target '{path}' cannot be read ({e.Message})", e); }
        var image = RgbImage.FromBytes(bytes, path);
        return Prepare(image, resolution, crop, path);
    }

    /// <summary>Cuts <paramref name="image"/> to a square and resizes it to <paramref name="resolution"/>²; <paramref name="source"/> names it in errors.</summary>
    public static RgbImage Prepare(RgbImage image, int resolution, SquareCrop? crop = null, string source = "target")
    {
        ArgumentNullException.ThrowIfNull(image);
        if (resolution < 1) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "resolution must be positive");
        if (image.Width < 2 || image.Height < 2)
            throw new InvalidDataException($"'{source}' is {image.Width}×{image.Height} pixels: a target needs at least 2×2 pixels");
        RgbImage square;
        if (crop is null)
        {
            var side = Math.Min(image.Width, image.Height);
            square = image.CenterCrop(side, side);
        }
        else
        {
            if (crop.X + crop.Size > image.Width || crop.Y + crop.Size > image.Height)
                throw new ArgumentException($"--crop {crop} does not fit in '{source}', which is {image.Width}×{image.Height} pixels " +
                                            $"(x + size ≤ {image.Width}, y + size ≤ {image.Height})");
            square = image.Crop(crop.X, crop.Y, crop.Size, crop.Size);
        }
        return square.Resize(resolution, resolution);
    }
}
