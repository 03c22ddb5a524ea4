namespace GanKit.Imaging;

/// <summary>Decoded PNG samples, normalised to 8-bit RGB (3 channels) or RGBA (4 channels).</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Channels">3 (RGB) or 4 (RGBA: the file had an alpha channel or a transparent palette).</param>
/// <param name="Data">Row-major interleaved samples, <c>Width * Height * Channels</c> bytes.</param>
public sealed record PngPixels(int Width, int Height, int Channels, byte[] Data)
{
    /// <summary>The colour part as an <see cref="RgbImage"/>; alpha is dropped, as PIL's <c>convert("RGB")</c> does.</summary>
    public RgbImage ToRgbImage()
    {
        if (Channels == 3)
        {
            return RgbImage.Wrap(Width, Height, Data);
        }
        var rgb = new byte[Width * Height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            rgb[j] = Data[i];
            rgb[j + 1] = Data[i + 1];
            rgb[j + 2] = Data[i + 2];
        }
        return RgbImage.Wrap(Width, Height, rgb);
    }
}
