using System.Globalization;
using System.Text.Json.Nodes;
using GanKit.Imaging;

namespace GanKit.Training.Metrics;

/// <summary>
/// One metric's numbers and what they cost, written as a line of <c>metrics.jsonl</c> in the reference's shape:
/// <c>{"results": {"fid50k_full": 3.2}, "metric": "fid50k_full", "total_time": 812.4, "total_time_str": "13m 32s", ...}</c>.
/// </summary>
/// <param name="Metric">The metric's name, e.g. <c>fid50k_full</c>.</param>
/// <param name="Results">Named values: <c>fid50k_full</c>; <c>kid50k_full</c>; <c>pr50k3_full_precision</c> and <c>_recall</c>; <c>swd_32</c>, ..., <c>swd_avg</c>.</param>
/// <param name="Seconds">Wall time.</param>
/// <param name="Generated">Generated images measured.</param>
/// <param name="Reals">Real images measured.</param>
public sealed record MetricResult(string Metric, IReadOnlyDictionary<string, double> Results, double Seconds, int Generated, int Reals)
{
    /// <summary>The JSON line (no newline); <paramref name="network"/> goes in <c>snapshot_pkl</c> as the reference does.</summary>
    public string ToJsonLine(string? network = null, double psi = 1, long seed = 0)
    {
        var results = new JsonObject();
        foreach (var (k, v) in Results) results[k] = v;
        var line = new JsonObject
        {
            ["results"] = results,
            ["metric"] = Metric,
            ["total_time"] = Math.Round(Seconds, 3),
            ["total_time_str"] = FormatTime(Seconds),
            ["num_gpus"] = 0,
            ["snapshot_pkl"] = network,
            ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
            ["num_gen"] = Generated,
            ["num_real"] = Reals,
            ["truncation_psi"] = psi,
            ["seed"] = seed,
        };
        return line.ToJsonString();
    }

    /// <summary>Appends the JSON line to <paramref name="path"/> (the whole file rewritten atomically).</summary>
    public void AppendTo(string path, string? network = null, double psi = 1, long seed = 0)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "";
        if (existing.Length > 0 && !existing.EndsWith('\n')) existing += "\n";
        AtomicFile.WriteAllText(path, existing + ToJsonLine(network, psi, seed) + "\n");
    }

    /// <summary>Seconds as the reference prints them: <c>12s</c>, <c>3m 05s</c>, <c>1h 02m 03s</c>.</summary>
    public static string FormatTime(double seconds)
    {
        var s = (long)Math.Round(seconds);
        return s < 60 ? $"{s}s" : s < 3600 ? $"{s / 60}m {s % 60:00}s" : $"{s / 3600}h {s / 60 % 60:00}m {s % 60:00}s";
    }

    /// <summary>The values, e.g. <c>fid50k_full 3.2134</c>.</summary>
    public override string ToString() =>
        string.Join(", ", Results.Select(kv => $"{kv.Key} {kv.Value.ToString("0.####", CultureInfo.InvariantCulture)}"));
}
