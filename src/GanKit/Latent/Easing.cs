namespace GanKit.Latent;

/// <summary>
/// How the fraction travelled changes within one transition of an interpolation path. Every easing maps 0 to 0
/// and 1 to 1 and never turns back, so keyframes are reached exactly and frames stay in order; the eased ones
/// slow down at each keyframe so the animation rests there briefly instead of turning sharply.
/// </summary>
public enum Easing
{
    /// <summary>Constant speed: t.</summary>
    None,
    /// <summary>Smoothstep, 3t² − 2t³: zero speed at both ends.</summary>
    Smoothstep,
    /// <summary>Half a cosine, (1 − cos πt) / 2: zero speed at both ends, a little gentler than smoothstep.</summary>
    Cosine,
}

/// <summary>Evaluation and parsing of <see cref="Easing"/>.</summary>
public static class Easings
{
    /// <summary>The eased fraction for <paramref name="t"/> in [0, 1] (clamped); exactly 0 at 0 and 1 at 1.</summary>
    public static double Apply(this Easing easing, double t)
    {
        if (double.IsNaN(t)) throw new ArgumentOutOfRangeException(nameof(t), t, "the fraction must be a number in [0, 1]");
        t = Math.Clamp(t, 0, 1);
        if (t is 0 or 1) return t;
        return easing switch
        {
            Easing.None => t,
            Easing.Smoothstep => t * t * (3 - 2 * t),
            Easing.Cosine => (1 - Math.Cos(Math.PI * t)) / 2,
            _ => throw new ArgumentOutOfRangeException(nameof(easing), easing, "unknown easing"),
        };
    }

    /// <summary>Parses <c>none</c>, <c>smoothstep</c> or <c>cosine</c>; anything else is an error naming <paramref name="flag"/>.</summary>
    public static Easing Parse(string text, string flag = "--easing") => text.Trim().ToLowerInvariant() switch
    {
        "none" or "linear" => Easing.None,
        "smoothstep" => Easing.Smoothstep,
        "cosine" => Easing.Cosine,
        _ => throw new ArgumentException($"{flag} '{text}' is not one of none, smoothstep, cosine"),
    };
}
