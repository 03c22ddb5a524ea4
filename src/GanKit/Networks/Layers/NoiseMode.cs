namespace GanKit.Networks.Layers;

/// <summary>Where the synthesis layers' per-pixel noise comes from.</summary>
public enum NoiseMode
{
    /// <summary>Each layer's stored <c>noise_const</c> image: deterministic output for a given w.</summary>
    Const,
    /// <summary>Fresh Gaussian noise per call: stochastic detail such as hair strands varies.</summary>
    Random,
    /// <summary>No noise at all.</summary>
    None,
}

/// <summary>Parsing of <see cref="NoiseMode"/>.</summary>
public static class NoiseModes
{
    /// <summary>Parses <c>const</c>, <c>random</c> or <c>none</c>.</summary>
    public static NoiseMode Parse(string text) => text switch
    {
        "const" => NoiseMode.Const,
        "random" => NoiseMode.Random,
        "none" => NoiseMode.None,
        _ => throw new ArgumentException($"--noise-mode '{text}' is not one of const, random, none"),
    };
}
