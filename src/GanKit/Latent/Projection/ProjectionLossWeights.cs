using System.Globalization;

namespace GanKit.Latent.Projection;

/// <summary>
/// How much each distance counts in the projection objective. The reference projector uses LPIPS alone; without
/// NVIDIA's VGG16 file GanKit combines the discriminator-feature distance, pixel MSE and 1 − MS-SSIM.
/// </summary>
/// <param name="DFeatures">Weight of the distance between the discriminator's intermediate features (needs D).</param>
/// <param name="Mse">Weight of the pixel mean squared error (images in [-1, 1]).</param>
/// <param name="MsSsim">Weight of 1 − MS-SSIM.</param>
/// <param name="Lpips">Weight of the LPIPS distance (needs the VGG16 TorchScript file).</param>
public sealed record ProjectionLossWeights(double DFeatures = 0, double Mse = 0, double MsSsim = 0, double Lpips = 0)
{
    /// <summary>
    /// The offline default, the distances that need no download: <c>dfeat=0.25, mse=1</c>. Pixel MSE leads (it is what
    /// PSNR measures); the discriminator features keep edges and texture in place. MS-SSIM is off by default: on the
    /// shared small network's 32² images a weight of 0.25 held one seed of ten at 21.6 dB in W against 38.3 dB without
    /// it, while on unseen avatars it changed PSNR by under 0.6 dB either way; set <c>msssim=</c> to use it.
    /// </summary>
    public static ProjectionLossWeights Offline { get; } = new(DFeatures: 0.25, Mse: 1);

    /// <summary>The reference projector's objective: LPIPS alone.</summary>
    public static ProjectionLossWeights LpipsOnly { get; } = new(Lpips: 1);

    /// <summary>Whether the discriminator is needed.</summary>
    public bool NeedsDiscriminator => DFeatures != 0;

    /// <summary>Whether the LPIPS network is needed.</summary>
    public bool NeedsLpips => Lpips != 0;

    /// <summary>
    /// Parses <c>dfeat=1,mse=1,msssim=0.5,lpips=0</c>: named weights starting from <paramref name="defaults"/>;
    /// names left out keep their default. Weights are finite and not negative, and at least one is positive.
    /// </summary>
    public static ProjectionLossWeights Parse(string text, ProjectionLossWeights defaults, string flag = "--loss-weights")
    {
        var result = defaults;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0) throw new ArgumentException($"{flag}: '{part}' is not NAME=WEIGHT (names: dfeat, mse, msssim, lpips)");
            var name = part[..eq].Trim().ToLowerInvariant();
            var valueText = part[(eq + 1)..].Trim();
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value < 0)
                throw new ArgumentException($"{flag}: the weight of '{name}' must be a number ≥ 0, got '{valueText}'");
            result = name switch
            {
                "dfeat" or "d" => result with { DFeatures = value },
                "mse" => result with { Mse = value },
                "msssim" or "ms-ssim" => result with { MsSsim = value },
                "lpips" => result with { Lpips = value },
                _ => throw new ArgumentException($"{flag}: unknown loss '{name}' (names: dfeat, mse, msssim, lpips)"),
            };
        }
        result.Validate(flag);
        return result;
    }

    /// <summary>Throws when a weight is negative or not finite, or when every weight is 0.</summary>
    public void Validate(string what = "loss weights")
    {
        foreach (var (name, w) in new[] { ("dfeat", DFeatures), ("mse", Mse), ("msssim", MsSsim), ("lpips", Lpips) })
        {
            if (!double.IsFinite(w) || w < 0) throw new ArgumentException($"{what}: the weight of '{name}' must be a number ≥ 0, got {w}");
        }
        if (DFeatures == 0 && Mse == 0 && MsSsim == 0 && Lpips == 0)
            throw new ArgumentException($"{what}: every weight is 0; give at least one distance a positive weight");
    }

    /// <inheritdoc/>
    public override string ToString() => string.Join(", ",
        new[] { ("dfeat", DFeatures), ("mse", Mse), ("msssim", MsSsim), ("lpips", Lpips) }
            .Where(p => p.Item2 != 0).Select(p => $"{p.Item1}={p.Item2.ToString("0.###", CultureInfo.InvariantCulture)}"));
}
