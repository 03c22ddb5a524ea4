using SkiaSharp;

namespace GanKit.Imaging;

/// <summary>
/// The font for text drawn into images: DejaVu Sans, embedded in GanKit so captions look the same on every
/// machine, fonts installed or not. It covers Latin, Greek (ψ in a truncation label) and most symbols.
/// </summary>
internal static class CaptionFont
{
    /// <summary>The manifest resource name the project file gives the font.</summary>
    public const string ResourceName = "GanKit.Imaging.Fonts.DejaVuSans.ttf";

    /// <summary>Text never gets smaller than this many pixels, however small the cells.</summary>
    public const float MinimumSize = 11;

    private static readonly Lazy<SKTypeface> Typeface = new(Load);

    /// <summary>
    /// The automatic text size for images <paramref name="cellHeight"/> pixels tall: about 8% of the height,
    /// so labels keep their proportion from 64² to 1024² cells, never under <see cref="MinimumSize"/>.
    /// </summary>
    public static float SizeFor(int cellHeight) => MathF.Max(MinimumSize, MathF.Round(cellHeight * 0.08f));

    /// <summary>An antialiased font of <paramref name="size"/> pixels (em size).</summary>
    public static SKFont Create(float size)
    {
        if (!(size > 0) || float.IsInfinity(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "Text size must be a positive number of pixels.");
        }
        // Grey antialiasing (no LCD colour fringes); hinting snaps stems to whole pixels so small labels stay crisp.
        return new SKFont(Typeface.Value, size)
        {
            Edging = SKFontEdging.Antialias,
            Hinting = SKFontHinting.Normal,
            Subpixel = true,
        };
    }

    /// <summary>Width in pixels of <paramref name="text"/> set in <paramref name="font"/> (its advance, rounded up).</summary>
    public static int Measure(SKFont font, string text) => (int)MathF.Ceiling(font.MeasureText(text));

    /// <summary>Height of one line (ascent plus descent, rounded up) and the baseline's distance below the line's top.</summary>
    public static (int LineHeight, float Baseline) Line(SKFont font)
    {
        var metrics = font.Metrics;
        return ((int)MathF.Ceiling(metrics.Descent - metrics.Ascent), -metrics.Ascent);
    }

    /// <summary><paramref name="text"/>, or as much of it as fits in <paramref name="width"/> pixels followed by "…".</summary>
    public static string Fit(SKFont font, string text, int width)
    {
        if (Measure(font, text) <= width)
        {
            return text;
        }
        // Cut whole text elements, so a surrogate pair or combining mark is never split.
        var elements = System.Globalization.StringInfo.ParseCombiningCharacters(text);
        for (var count = elements.Length - 1; count > 0; count--)
        {
            var candidate = text[..elements[count]].TrimEnd() + "…";
            if (Measure(font, candidate) <= width)
            {
                return candidate;
            }
        }
        return "…";
    }

    private static SKTypeface Load()
    {
        using var stream = typeof(CaptionFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"GanKit's assembly lacks the embedded font '{ResourceName}'.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        // SKData owns a copy of the bytes, so the typeface outlives the stream.
        using var data = SKData.CreateCopy(copy.ToArray());
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException($"SkiaSharp could not read the embedded font '{ResourceName}'.");
    }
}
