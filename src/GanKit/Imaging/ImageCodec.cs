using SkiaSharp;

namespace GanKit.Imaging;

/// <summary>
/// Image files through SkiaSharp: decodes PNG, JPEG and WebP (and whatever else SkiaSharp reads, such as
/// GIF and BMP) to 8-bit RGB, and encodes PNG.
/// </summary>
/// <remarks>
/// Decoding asks for no colour space, so pixel values come out as stored (an embedded ICC profile is not
/// applied, nor is a JPEG's EXIF orientation), as PIL reads them for the reference tools. Greyscale is
/// repeated in R, G and B; transparent pixels are composited on white, as a browser shows them on a white page.
/// </remarks>
internal static class ImageCodec
{
    private const string Expected = "a PNG, JPEG or WebP image";

    /// <summary>Reads and decodes an image file; errors name the file.</summary>
    public static RgbImage DecodeFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Decode(File.ReadAllBytes(path), path);
    }

    /// <summary>Decodes an encoded image; <paramref name="source"/> is named in error messages.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> encoded, string source) => Decode(encoded.ToArray(), source);

    private static RgbImage Decode(byte[] encoded, string source)
    {
        if (encoded.Length == 0)
        {
            throw new InvalidDataException($"'{source}' is empty: expected {Expected}.");
        }
        using var stream = new MemoryStream(encoded, writable: false);
        using var codec = SKCodec.Create(stream, out var opened);
        if (codec is null)
        {
            throw new InvalidDataException($"'{source}' is not {Expected} that SkiaSharp can read ({Describe(opened)}; {encoded.Length} bytes).");
        }
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width < 1 || height < 1)
        {
            throw new InvalidDataException($"'{source}' is a {width}x{height} {codec.EncodedFormat} image: expected at least 1x1 pixels.");
        }
        if ((long)width * height > int.MaxValue / 4)
        {
            throw new InvalidDataException($"'{source}' is a {width}x{height} {codec.EncodedFormat} image: too large to decode ({int.MaxValue / 4} pixels at most).");
        }
        // Unpremultiplied RGBA with no colour space: SkiaSharp converts grey, palette and 16-bit to 8-bit RGBA
        // and leaves the values alone otherwise.
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[info.BytesSize];
        var decoded = codec.GetPixels(info, rgba);
        if (decoded != SKCodecResult.Success)
        {
            throw new InvalidDataException($"'{source}' is a damaged or truncated {codec.EncodedFormat} image ({Describe(decoded)}): expected {Expected} with all its pixel data.");
        }
        return CompositeOnWhite(width, height, rgba);
    }

    /// <summary>The image as PNG file bytes: 8-bit RGB, every row filter tried (libpng's heuristic), zlib level 6.</summary>
    public static byte[] EncodePng(RgbImage image)
    {
        using var bitmap = SkiaPixels.ToBitmap(image);
        using var pixmap = bitmap.PeekPixels();
        using var png = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6))
            ?? throw new InvalidOperationException($"SkiaSharp could not encode a {image.Width}x{image.Height} image as PNG.");
        return png.ToArray();
    }

    /// <summary>RGB from unpremultiplied RGBA: <c>(c·a + 255·(255 − a)) / 255</c>, rounded; opaque pixels keep their values.</summary>
    private static RgbImage CompositeOnWhite(int width, int height, byte[] rgba)
    {
        var rgb = new byte[width * height * 3];
        for (int i = 0, j = 0; j < rgb.Length; i += 4, j += 3)
        {
            int a = rgba[i + 3], white = 255 * (255 - a);
            rgb[j] = (byte)((rgba[i] * a + white + 127) / 255);
            rgb[j + 1] = (byte)((rgba[i + 1] * a + white + 127) / 255);
            rgb[j + 2] = (byte)((rgba[i + 2] * a + white + 127) / 255);
        }
        return RgbImage.Wrap(width, height, rgb);
    }

    private static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "unrecognised or incomplete data",
        SKCodecResult.ErrorInInput => "corrupt data",
        SKCodecResult.InvalidInput => "invalid data",
        SKCodecResult.Unimplemented => "a variant SkiaSharp does not decode",
        _ => result.ToString(),
    };
}
