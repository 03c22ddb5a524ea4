using GanKit.Networks.Layers;

namespace GanKit.Visuals.Game;

/// <summary>How a <see cref="WhichFaceIsReal"/> game is drawn. The same options, network and dataset give the same game.</summary>
/// <param name="Pairs">Rounds: each shows one real and one generated face (at least 1; the dataset needs as many images).</param>
/// <param name="Seed">Seeds every draw: which real images, which latent seeds, which side the real face is on.</param>
/// <param name="Psi">Truncation ψ for the generated faces (0.7 by default: typical faces, as whichfaceisreal.com showed).</param>
public sealed record WhichFaceIsRealOptions(int Pairs = 10, uint Seed = 0, double Psi = 0.7)
{
    /// <summary>Noise inputs of the synthesis network (constant by default, as <c>gankit generate</c>).</summary>
    public NoiseMode NoiseMode { get; init; } = NoiseMode.Const;

    /// <summary>Class of a conditional network's fakes; null draws one per pair with the seed (ignored when unconditional).</summary>
    public int? ClassIndex { get; init; }

    /// <summary>
    /// Screen pixels across each face; null: images of up to 160 pixels are scaled up by a whole factor to about
    /// 300 (crisp pixels), larger ones shown at up to 360.
    /// </summary>
    public int? DisplaySize { get; init; }

    /// <summary>The page's heading.</summary>
    public string Title { get; init; } = "Which face is real?";

    /// <summary>Throws for a setting no game can have; messages name the setting.</summary>
    internal void Validate()
    {
        if (Pairs < 1) throw new ArgumentOutOfRangeException(nameof(Pairs), Pairs, $"a game needs at least 1 pair, got {Pairs}");
        if (!double.IsFinite(Psi)) throw new ArgumentOutOfRangeException(nameof(Psi), Psi, "truncation psi must be a finite number");
        if (DisplaySize is < 16 or > 2048)
            throw new ArgumentOutOfRangeException(nameof(DisplaySize), DisplaySize, "display size must be 16 to 2048 screen pixels");
    }
}
