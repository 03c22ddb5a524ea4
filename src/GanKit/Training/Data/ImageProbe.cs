using SkiaSharp;

namespace GanKit.Training.Data;

/// <summary>What an image file's header says: its size and whether it is greyscale.</summary>
internal readonly record struct ImageHeader(int Width, int Height, bool Gray);

/// <summary>
/// Reads image headers without decoding pixels, so opening a dataset of thousands of images is quick: SkiaSharp's
/// codec parses only the header, and only the first bytes of a file are read unless the header lies further in
/// (a JPEG with a large EXIF block, a PNG with a large colour profile).
/// </summary>
internal static class ImageProbe
{
    private const int PrefixBytes = 16 * 1024;

    /// <summary>The header of one image in <paramref name="store"/>; an unreadable file throws naming it.</summary>
    public static ImageHeader Probe(ImageStore store, string name)
    {
        var prefix = store.ReadPrefix(name, PrefixBytes);
        if (TryProbe(prefix) is { } header) return header;
        if (prefix.Length == PrefixBytes && TryProbe(store.Read(name)) is { } full) return full;
        throw new InvalidDataException(prefix.Length == 0
            ? $"'{store.Describe(name)}' is empty: expected a PNG, JPEG or WebP image."
            : $"'{store.Describe(name)}' is corrupt or not an image SkiaSharp can read: expected a PNG, JPEG or WebP image.");
    }

    /// <summary>The header of encoded bytes, or null when SkiaSharp does not recognise them.</summary>
    public static ImageHeader? TryProbe(byte[] bytes)
    {
        if (bytes.Length == 0) return null;
        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width < 1 || codec.Info.Height < 1) return null;
        return new ImageHeader(codec.Info.Width, codec.Info.Height, codec.Info.ColorType == SKColorType.Gray8);
    }
}
