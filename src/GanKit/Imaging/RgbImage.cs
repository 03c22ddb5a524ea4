using GanKit.Visuals;

namespace GanKit.Imaging;

/// <summary>
/// An 8-bit RGB image: width, height and interleaved row-major RGB bytes. Pixels never change after
/// construction, so images can be shared freely; the <c>With...</c> methods return new images that share
/// the pixels. Files go through SkiaSharp: PNG, JPEG and WebP in, PNG out. Displays inline in notebooks as
/// a PNG, scaled up crisply when small.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource<RgbImage>), PreferredMimeTypes = new[] { "text/html" })]
public sealed class RgbImage : IHtmlVisual
{
    private readonly byte[] _rgb;

    /// <summary>Creates an image from a copy of <paramref name="rgb"/> (<c>width * height * 3</c> bytes, row-major RGB).</summary>
    public RgbImage(int width, int height, byte[] rgb)
        : this(width, height, (byte[])Validate(width, height, rgb).Clone(), null, null)
    {
    }

    private RgbImage(int width, int height, byte[] rgb, string? caption, double? displayScale)
    {
        Width = width;
        Height = height;
        _rgb = rgb;
        Caption = caption;
        DisplayScale = displayScale;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels: <c>Width * Height * 3</c> bytes, row by row, R G B per pixel.</summary>
    public ReadOnlySpan<byte> Pixels => _rgb;

    /// <summary>Text shown under the image when displayed, or null.</summary>
    public string? Caption { get; }

    /// <summary>
    /// How many screen pixels per image pixel when displayed; null picks a whole number so small images
    /// show at least <see cref="DisplaySettings.SmallImageSize"/> pixels across.
    /// </summary>
    public double? DisplayScale { get; }

    /// <summary>Wraps <paramref name="rgb"/> without copying; the caller gives up the array.</summary>
    internal static RgbImage Wrap(int width, int height, byte[] rgb) => new(width, height, Validate(width, height, rgb), null, null);

    /// <summary>Creates an image from a copy of interleaved RGB bytes.</summary>
    public static RgbImage FromRgb(int width, int height, ReadOnlySpan<byte> rgb) => Wrap(width, height, rgb.ToArray());

    /// <summary>Creates an image from 8-bit greyscale bytes (<c>width * height</c>), repeating each value in R, G and B.</summary>
    public static RgbImage FromGray(int width, int height, ReadOnlySpan<byte> gray)
    {
        if ((long)width * height != gray.Length)
        {
            throw new ArgumentException($"Expected {(long)width * height} greyscale bytes for {width}x{height}, got {gray.Length}.", nameof(gray));
        }
        var rgb = new byte[gray.Length * 3];
        for (var i = 0; i < gray.Length; i++)
        {
            rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = gray[i];
        }
        return Wrap(width, height, rgb);
    }

    /// <summary>An image of one colour.</summary>
    public static RgbImage Solid(int width, int height, byte r, byte g, byte b)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"An image needs at least 1x1 pixels, got {width}x{height}.");
        }
        var rgb = new byte[checked(width * height * 3)];
        for (var i = 0; i < rgb.Length; i += 3)
        {
            rgb[i] = r;
            rgb[i + 1] = g;
            rgb[i + 2] = b;
        }
        return Wrap(width, height, rgb);
    }

    /// <summary>
    /// Reads a PNG, JPEG or WebP file (SkiaSharp also reads GIF and BMP). Greyscale becomes RGB and
    /// transparent pixels are composited on white; values are used as stored, with no colour management
    /// or EXIF rotation, as PIL reads them for the reference tools.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is empty, not an image, damaged or truncated; the message names it.</exception>
    public static RgbImage Load(string path) => ImageCodec.DecodeFile(path);

    /// <summary>Decodes the bytes of a PNG, JPEG or WebP file, as <see cref="Load"/> does.</summary>
    /// <param name="encoded">The file's bytes.</param>
    /// <param name="source">Named in error messages, e.g. the file or URL the bytes came from.</param>
    /// <exception cref="InvalidDataException">The bytes are empty, not an image, damaged or truncated.</exception>
    public static RgbImage FromBytes(ReadOnlySpan<byte> encoded, string source = "image data") => ImageCodec.Decode(encoded, source);

    /// <summary>The colour of pixel (x, y), with (0, 0) the top-left corner.</summary>
    public (byte R, byte G, byte B) GetPixel(int x, int y)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Pixel ({x}, {y}) is outside {Width}x{Height}.");
        }
        var o = (y * Width + x) * 3;
        return (_rgb[o], _rgb[o + 1], _rgb[o + 2]);
    }

    /// <summary>A copy of the pixel bytes.</summary>
    public byte[] ToArray() => (byte[])_rgb.Clone();

    /// <summary>The same pixels with a caption for display (null removes it).</summary>
    public RgbImage WithCaption(string? caption) => new(Width, Height, _rgb, caption, DisplayScale);

    /// <summary>The same pixels displayed at <paramref name="scale"/> screen pixels per pixel (null: automatic).</summary>
    public RgbImage WithDisplayScale(double? scale)
    {
        if (scale is <= 0 or double.NaN)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "Display scale must be positive.");
        }
        return new(Width, Height, _rgb, Caption, scale);
    }

    /// <summary>The rectangle of <paramref name="width"/> x <paramref name="height"/> pixels starting at (x, y).</summary>
    public RgbImage Crop(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width < 1 || height < 1 || x + width > Width || y + height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(x), $"Crop ({x}, {y}, {width}x{height}) does not fit in {Width}x{Height}.");
        }
        var rgb = new byte[width * height * 3];
        for (var row = 0; row < height; row++)
        {
            _rgb.AsSpan(((y + row) * Width + x) * 3, width * 3).CopyTo(rgb.AsSpan(row * width * 3));
        }
        return new(width, height, rgb, Caption, DisplayScale);
    }

    /// <summary>The centred rectangle of <paramref name="width"/> x <paramref name="height"/> pixels (at most the image's size).</summary>
    public RgbImage CenterCrop(int width, int height)
    {
        if (width < 1 || height < 1 || width > Width || height > Height)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Centre crop {width}x{height} does not fit in {Width}x{Height}.");
        }
        return Crop((Width - width) / 2, (Height - height) / 2, width, height);
    }

    /// <summary>
    /// The image resized to <paramref name="width"/> x <paramref name="height"/> with high-quality filtering:
    /// Catmull-Rom cubic to enlarge; to shrink, repeated 2x averaging and a last Mitchell cubic step, so fine
    /// detail does not alias. The aspect ratio follows the arguments; see <see cref="ResizeToFill"/> to keep it.
    /// </summary>
    public RgbImage Resize(int width, int height) => ImageResampling.Resize(this, width, height).WithCaption(Caption);

    /// <summary>
    /// The image cropped about its centre to the aspect ratio of <paramref name="width"/> x <paramref name="height"/>
    /// and resized to exactly that size (<see cref="Resize"/>): a photo of any size becomes a dataset image or a
    /// projection target without distortion. For a square target this is the reference dataset tool's centre crop.
    /// </summary>
    public RgbImage ResizeToFill(int width, int height)
    {
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"Resize needs a target of at least 1x1 pixels, got {width}x{height}.");
        }
        // The largest centred rectangle with the target's aspect ratio: full height if the image is wider, else full width.
        int cropWidth = Width, cropHeight = Height;
        if ((long)Width * height > (long)Height * width)
        {
            cropWidth = (int)Math.Clamp(Math.Round((double)Height * width / height), 1, Width);
        }
        else
        {
            cropHeight = (int)Math.Clamp(Math.Round((double)Width * height / width), 1, Height);
        }
        return CenterCrop(cropWidth, cropHeight).Resize(width, height);
    }

    /// <summary>Each pixel repeated <paramref name="factor"/> times in both directions (nearest neighbour).</summary>
    public RgbImage Upscale(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (factor == 1)
        {
            return this;
        }
        using var canvas = new RgbCanvas(Width * factor, Height * factor, (0, 0, 0));
        canvas.Draw(this, 0, 0, factor);
        return canvas.ToImage().WithCaption(Caption);
    }

    /// <summary>
    /// The image with a line of text drawn into it, white on a dark box, with the box's top-left corner at
    /// (x, y); handy for labelling animation frames. The text is DejaVu Sans (embedded in GanKit), antialiased.
    /// </summary>
    /// <param name="text">One line of text.</param>
    /// <param name="x">Left edge of the box in pixels.</param>
    /// <param name="y">Top edge of the box in pixels.</param>
    /// <param name="size">Text size in pixels; null: about 8% of the image's height, at least 11.</param>
    public RgbImage WithText(string text, int x = 2, int y = 2, double? size = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        using var font = CaptionFont.Create((float)(size ?? CaptionFont.SizeFor(Height)));
        var (lineHeight, baseline) = CaptionFont.Line(font);
        var pad = Math.Max(1, (int)MathF.Round(font.Size * 0.2f));
        using var canvas = new RgbCanvas(Width, Height, (0, 0, 0));
        canvas.Draw(this, 0, 0);
        canvas.FillRect(x, y, CaptionFont.Measure(font, text) + 2 * pad, lineHeight + 2 * pad, (20, 20, 20));
        canvas.DrawText(text, x + pad, y + pad + MathF.Round(baseline), font, (255, 255, 255));
        return canvas.ToImage().WithCaption(Caption).WithDisplayScale(DisplayScale);
    }

    /// <summary>The image as PNG file bytes (8-bit RGB), encoded by SkiaSharp.</summary>
    public byte[] ToPng() => ImageCodec.EncodePng(this);

    /// <summary>Writes the image as a PNG file, atomically (a temporary file in the same folder, then a rename).</summary>
    public void Save(string path)
    {
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"RgbImage saves PNG files only; '{path}' does not end in .png.", nameof(path));
        }
        AtomicFile.WriteAllBytes(path, ToPng());
    }

    /// <summary>The image as a <c>data:image/png;base64,...</c> URI.</summary>
    public string ToDataUri() => "data:image/png;base64," + Convert.ToBase64String(ToPng());

    /// <inheritdoc />
    public string ToHtml() => ImageHtml.Figure(ToDataUri(), Width, Height, DisplayScale, Caption, "gankit-image");

    /// <summary>A one-line description, for plain-text displays.</summary>
    public override string ToString() => $"RgbImage {Width}x{Height}" + (Caption is null ? "" : $" \"{Caption}\"");

    private static byte[] Validate(int width, int height, byte[] rgb)
    {
        ArgumentNullException.ThrowIfNull(rgb);
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"An image needs at least 1x1 pixels, got {width}x{height}.");
        }
        if ((long)width * height * 3 != rgb.Length)
        {
            throw new ArgumentException($"Expected {(long)width * height * 3} bytes for a {width}x{height} RGB image, got {rgb.Length}.", nameof(rgb));
        }
        return rgb;
    }
}
