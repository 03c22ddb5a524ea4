namespace GanKit.Training.Augment;

/// <summary>
/// The named pipelines of StyleGAN2-ADA (<c>--augpipe</c>): single groups (<c>blit</c>, <c>geom</c>, <c>color</c>,
/// <c>filter</c>, <c>noise</c>, <c>cutout</c>) and the cumulative ones built from them: <c>bg</c> (blit + geom),
/// <c>bgc</c> (+ color, the default), <c>bgcf</c> (+ filter), <c>bgcfn</c> (+ noise), <c>bgcfnc</c> (+ cutout).
/// </summary>
public static class AugmentPipes
{
    /// <summary>The default pipeline, as in the paper's experiments.</summary>
    public const string Default = "bgc";

    private static readonly AugmentSettings Blit = new() { XFlip = 1, Rotate90 = 1, XInt = 1 };
    private static readonly AugmentSettings Geom = new() { Scale = 1, Rotate = 1, Aniso = 1, XFrac = 1 };
    private static readonly AugmentSettings Color = new() { Brightness = 1, Contrast = 1, LumaFlip = 1, Hue = 1, Saturation = 1 };
    private static readonly AugmentSettings Filter = new() { ImageFilter = 1 };
    private static readonly AugmentSettings Noise = new() { Noise = 1 };
    private static readonly AugmentSettings Cutout = new() { Cutout = 1 };

    private static readonly Dictionary<string, AugmentSettings> ByName = new(StringComparer.Ordinal)
    {
        ["blit"] = Blit,
        ["geom"] = Geom,
        ["color"] = Color,
        ["filter"] = Filter,
        ["noise"] = Noise,
        ["cutout"] = Cutout,
        ["bg"] = Combine(Blit, Geom),
        ["bgc"] = Combine(Blit, Geom, Color),
        ["bgcf"] = Combine(Blit, Geom, Color, Filter),
        ["bgcfn"] = Combine(Blit, Geom, Color, Filter, Noise),
        ["bgcfnc"] = Combine(Blit, Geom, Color, Filter, Noise, Cutout),
    };

    /// <summary>Every pipeline name, single groups first.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. ByName.Keys];

    /// <summary>The settings of pipeline <paramref name="name"/>; an unknown name throws, listing the known ones.</summary>
    public static AugmentSettings Get(string name) =>
        ByName.TryGetValue(name, out var settings)
            ? settings
            : throw new ArgumentException($"--augpipe: unknown pipeline '{name}'; expected one of {string.Join(", ", Names)}");

    private static AugmentSettings Combine(params AugmentSettings[] parts) => parts.Aggregate(new AugmentSettings(), (a, b) => a with
    {
        XFlip = Math.Max(a.XFlip, b.XFlip), Rotate90 = Math.Max(a.Rotate90, b.Rotate90), XInt = Math.Max(a.XInt, b.XInt),
        Scale = Math.Max(a.Scale, b.Scale), Rotate = Math.Max(a.Rotate, b.Rotate), Aniso = Math.Max(a.Aniso, b.Aniso), XFrac = Math.Max(a.XFrac, b.XFrac),
        Brightness = Math.Max(a.Brightness, b.Brightness), Contrast = Math.Max(a.Contrast, b.Contrast), LumaFlip = Math.Max(a.LumaFlip, b.LumaFlip),
        Hue = Math.Max(a.Hue, b.Hue), Saturation = Math.Max(a.Saturation, b.Saturation), ImageFilter = Math.Max(a.ImageFilter, b.ImageFilter),
        Noise = Math.Max(a.Noise, b.Noise), Cutout = Math.Max(a.Cutout, b.Cutout),
    });
}
