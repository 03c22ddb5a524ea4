using System.Text.RegularExpressions;

namespace GanKit.Training.Metrics;

/// <summary>What a metric measures.</summary>
public enum MetricKind
{
    /// <summary>Sliced Wasserstein distance on Laplacian-pyramid patches (ProGAN); no detector.</summary>
    Swd,

    /// <summary>Fréchet Inception distance.</summary>
    Fid,

    /// <summary>Kernel Inception distance.</summary>
    Kid,

    /// <summary>k-NN precision and recall.</summary>
    PrecisionRecall,
}

/// <summary>
/// A named metric as the reference names them: <c>fid50k_full</c> (50,000 generated images against the whole
/// dataset), <c>fid10k</c> (10,000 against 10,000 reals), <c>kid50k_full</c>, <c>pr50k3_full</c> (k = 3), and
/// <c>swd</c> / <c>swd16k</c> / <c>swd2k</c> (ProGAN's SWD; <c>swd</c> is 16,384 images, ProGAN's count).
/// </summary>
/// <param name="Name">The name as given.</param>
/// <param name="Kind">What it measures.</param>
/// <param name="Generated">Generated images.</param>
/// <param name="Reals">Real images at most (capped by the dataset's size).</param>
/// <param name="K">Neighbourhood size for precision/recall.</param>
public sealed partial record MetricSpec(string Name, MetricKind Kind, int Generated, int Reals, int K = 3)
{
    /// <summary>Whether it needs a feature detector (all but SWD).</summary>
    public bool NeedsDetector => Kind != MetricKind.Swd;

    /// <summary>Whether it compares against the whole dataset (<c>_full</c>).</summary>
    public bool Full { get; init; }

    /// <summary>
    /// Parses one name; <paramref name="num"/> (the CLI's <c>--num</c>) replaces the generated count and, except for
    /// <c>_full</c> metrics, the real count.
    /// </summary>
    public static MetricSpec Parse(string name, int? num = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (num is < 2) throw new ArgumentException($"--num must be at least 2, got {num}");
        var text = name.Trim().ToLowerInvariant();
        if (text == "swd") return Sized(new MetricSpec(text, MetricKind.Swd, 16384, 16384), num);
        var m = NamePattern().Match(text);
        if (!m.Success)
            throw new ArgumentException($"--metrics: unknown metric '{name}'; expected swd, swdNk, fidNk[_full], kidNk[_full] or prNkK[_full] " +
                                        "(e.g. swd, fid50k_full, kid50k_full, pr50k3_full, fid10k)");
        var count = checked(int.Parse(m.Groups["n"].Value) * 1000);
        var full = m.Groups["full"].Success;
        var kind = m.Groups["kind"].Value switch
        {
            "swd" => MetricKind.Swd,
            "fid" => MetricKind.Fid,
            "kid" => MetricKind.Kid,
            _ => MetricKind.PrecisionRecall,
        };
        var hasK = m.Groups["k"].Success;
        if (kind == MetricKind.PrecisionRecall != hasK)
            throw new ArgumentException($"--metrics: '{name}': only precision/recall takes a neighbourhood size after the k (pr50k3)");
        if (kind == MetricKind.Swd && full) throw new ArgumentException($"--metrics: '{name}': SWD compares equal-sized sets and has no _full form");
        if (count < 2) throw new ArgumentException($"--metrics: '{name}' asks for no images");
        // The reference's caps on reals for _full: all for FID, a million for KID, 200k for precision/recall.
        var reals = !full ? count : kind switch { MetricKind.Fid => int.MaxValue, MetricKind.Kid => 1_000_000, _ => 200_000 };
        var spec = new MetricSpec(text, kind, count, reals, hasK ? int.Parse(m.Groups["k"].Value) : 3) { Full = full };
        return Sized(spec, num);
    }

    /// <summary>Parses a comma-separated list, e.g. <c>swd,fid50k_full</c>.</summary>
    public static IReadOnlyList<MetricSpec> ParseList(string list, int? num = null)
    {
        var names = list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (names.Length == 0) throw new ArgumentException("--metrics: name at least one metric, e.g. swd or fid50k_full");
        return names.Select(n => Parse(n, num)).ToArray();
    }

    private static MetricSpec Sized(MetricSpec spec, int? num) =>
        num is { } n ? spec with { Generated = n, Reals = spec.Full ? spec.Reals : n } : spec;

    [GeneratedRegex(@"^(?<kind>swd|fid|kid|pr)(?<n>\d{1,4})k(?<k>\d{1,3})?(?<full>_full)?$")]
    private static partial Regex NamePattern();
}
