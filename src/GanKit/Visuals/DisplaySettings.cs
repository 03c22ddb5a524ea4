namespace GanKit.Visuals;

/// <summary>Process-wide defaults for how images show in notebooks.</summary>
public static class DisplaySettings
{
    /// <summary>
    /// Images (and grid cells) whose larger side is below this many pixels are shown scaled up by a whole
    /// factor until they reach it, so a 32x32 sample shows at 128 px with crisp pixels. Default 128.
    /// </summary>
    public static int SmallImageSize { get; set; } = 128;

    /// <summary>Screen pixels per image pixel for an image of this size: the explicit scale, or the automatic one.</summary>
    public static double ScaleFor(int width, int height, double? explicitScale)
    {
        if (explicitScale is { } scale)
        {
            return scale;
        }
        var side = Math.Max(width, height);
        return side >= SmallImageSize ? 1 : Math.Ceiling((double)SmallImageSize / side);
    }
}
