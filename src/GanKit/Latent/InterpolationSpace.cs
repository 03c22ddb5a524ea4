namespace GanKit.Latent;

/// <summary>The latent space an interpolation path runs through.</summary>
public enum InterpolationSpace
{
    /// <summary>Straight lines between ws: W is the generator's disentangled space, so images change evenly.</summary>
    W,
    /// <summary>Great circles between zs (slerp), each frame then mapped to ws: the latents keep a Gaussian's typical radius.</summary>
    Z,
}

/// <summary>Parsing of <see cref="InterpolationSpace"/>.</summary>
public static class InterpolationSpaces
{
    /// <summary>Parses <c>w</c> or <c>z</c>; anything else is an error naming <paramref name="flag"/>.</summary>
    public static InterpolationSpace Parse(string text, string flag = "--space") => text.Trim().ToLowerInvariant() switch
    {
        "w" => InterpolationSpace.W,
        "z" => InterpolationSpace.Z,
        _ => throw new ArgumentException($"{flag} '{text}' is not one of w, z"),
    };
}
