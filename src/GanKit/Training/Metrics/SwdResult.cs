using System.Globalization;

namespace GanKit.Training.Metrics;

/// <summary>
/// Sliced Wasserstein distances ×10³, one per pyramid level (finest first), and their mean, as ProGAN reports
/// them (<c>SWDx1e3_64</c>, <c>SWDx1e3_32</c>, <c>SWDx1e3_16</c>, <c>SWDx1e3_avg</c>). Lower is better; 0 for identical sets.
/// </summary>
/// <param name="Resolutions">The level resolutions, finest first.</param>
/// <param name="PerLevel">SWD ×10³ at each level.</param>
/// <param name="Images">Images in each set.</param>
public sealed record SwdResult(int[] Resolutions, double[] PerLevel, int Images)
{
    /// <summary>The mean over levels (<c>SWDx1e3_avg</c>).</summary>
    public double Average => PerLevel.Average();

    /// <summary>Name → value, with ProGAN's names: <c>swd_64</c>, ..., <c>swd_avg</c> (all ×10³).</summary>
    public IReadOnlyDictionary<string, double> ToDictionary()
    {
        var d = new Dictionary<string, double>();
        for (var i = 0; i < Resolutions.Length; i++) d[$"swd_{Resolutions[i]}"] = PerLevel[i];
        d["swd_avg"] = Average;
        return d;
    }

    /// <summary>One line, e.g. <c>SWD×1e3 32: 12.3, 16: 8.1, avg 10.2 (2000 images)</c>.</summary>
    public override string ToString() =>
        "SWD×1e3 " + string.Join(", ", Resolutions.Select((r, i) => $"{r}: {PerLevel[i].ToString("0.00", CultureInfo.InvariantCulture)}")) +
        $", avg {Average.ToString("0.00", CultureInfo.InvariantCulture)} ({Images} images)";
}
