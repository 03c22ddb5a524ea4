using System.Globalization;

namespace GanKit.Visuals.Game;

/// <summary>
/// Picks what gave a generated face away: the <see cref="FaceCues"/> on which it lies well outside the real images'
/// range (at least <see cref="MinScore"/> spreads from their mean and <see cref="MinRelative"/> of it), strongest
/// first. Each note names the measurement and the GAN tell it points to; when nothing stands out, the note says so
/// and lists the generic tells instead of inventing one.
/// </summary>
public static class FakeTells
{
    /// <summary>Standard deviations from the real mean a cue must reach to count.</summary>
    public const double MinScore = 2;

    /// <summary>Relative difference from the real mean a cue must also reach, so a near-constant cue does not count noise.</summary>
    public const double MinRelative = 0.15;

    /// <summary>The note when no measured cue stands out.</summary>
    public const string NothingMeasured =
        "Nothing measured stood out: its detail, colour, flat areas, symmetry and background are within the real faces' range. " +
        "The usual GAN tells are worth a look: a warped or blotchy background, glasses or earrings that do not match, stray hair strands, colour smudges.";

    /// <summary>The cues on which <paramref name="fake"/> stands out from <paramref name="reals"/>, strongest first, at most <paramref name="max"/>.</summary>
    public static IReadOnlyList<FakeTell> For(FaceCues fake, IReadOnlyList<FaceCues> reals, int max = 2)
    {
        ArgumentNullException.ThrowIfNull(fake);
        ArgumentNullException.ThrowIfNull(reals);
        if (reals.Count == 0) throw new ArgumentException("tells need at least one real image to compare with", nameof(reals));
        var tells = new List<FakeTell>();
        void Check(string cue, Func<FaceCues, double> get, int direction, Func<double, double, double, string> note, Func<double, bool>? applies = null)
        {
            var values = reals.Select(get).ToArray();
            var mean = values.Average();
            var spread = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Length - 1));
            spread = Math.Max(spread, Math.Max(0.05 * Math.Abs(mean), 1e-9));
            var value = get(fake);
            var score = direction * (value - mean) / spread;
            var relative = Math.Abs(value - mean) / Math.Max(Math.Abs(mean), 1e-9);
            if (score >= MinScore && relative >= MinRelative && (applies?.Invoke(mean) ?? true))
                tells.Add(new FakeTell(cue, note(value, mean, spread), value, mean, spread, score));
        }

        Check(nameof(FaceCues.Detail), c => c.Detail, -1, (v, m, s) =>
            $"Blurry: less fine detail than real faces ({F(v)} vs {F(m)} ± {F(s)}); GANs smear outlines, hair and eyes.");
        Check(nameof(FaceCues.Detail), c => c.Detail, +1, (v, m, s) =>
            $"Grainy: more pixel noise than real faces ({F(v)} vs {F(m)} ± {F(s)}); look at skin and hair.");
        Check(nameof(FaceCues.ColourNoise), c => c.ColourNoise, +1, (v, m, s) =>
            $"Colour smudges: colour wobbles from pixel to pixel ({F(v)} vs {F(m)} ± {F(s)} in real faces).");
        // Only where real images have flat fills to lose (drawings, cartoons); photos have almost none.
        Check(nameof(FaceCues.FlatArea), c => c.FlatArea, -1, (v, m, _) =>
            $"Few flat colours: {P(v)} of its pixels are flat fill vs {P(m)} in real faces; GANs paint gradients and noise.",
            mean => mean >= 0.05);
        Check(nameof(FaceCues.Asymmetry), c => c.Asymmetry, +1, (v, m, s) =>
            $"Lopsided: its halves differ more than real faces' ({F(v)} vs {F(m)} ± {F(s)}); do eyes, glasses and earrings match?");
        Check(nameof(FaceCues.BackgroundSpread), c => c.BackgroundSpread, +1, (v, m, s) =>
            $"Busy background: the border varies more than in real faces ({F(v)} vs {F(m)} ± {F(s)}); GAN backgrounds melt into blotches.");

        return tells.OrderByDescending(t => t.Score).Take(Math.Max(0, max)).ToList();
    }

    private static string F(double v) => v.ToString(v >= 10 ? "0" : "0.0", CultureInfo.InvariantCulture);

    private static string P(double v) => (100 * v).ToString("0", CultureInfo.InvariantCulture) + "%";
}
