using GanKit.Training;
using GanKit.Visuals.Plotly;

namespace GanKit.Visuals;

/// <summary>
/// Plotly charts of a training run from its tick statistics (live from <see cref="TrainingRun.Tick"/>, or read back
/// with <see cref="TrainingTickStats.ReadJsonl"/>): the losses against kimg, and adaptive augmentation's p with the
/// overfitting heuristic r_t and its target.
/// </summary>
public static class TrainingCharts
{
    /// <summary>G's and D's main losses (and the R1 penalty when measured) against thousands of images shown.</summary>
    public static Figure Losses(IEnumerable<TrainingTickStats> ticks)
    {
        var list = ticks.ToList();
        var kimg = list.Select(t => t.Kimg).ToArray();
        Scatter Series(string name, Func<TrainingTickStats, double?> value, string color) => new()
        {
            Name = name, Mode = "lines+markers", X = kimg, Y = list.Select(t => value(t) ?? double.NaN).ToArray(),
            Line = new Line { Color = color }, Marker = new Marker { Size = 4 },
        };
        var figure = new Figure(
            Series("G loss", t => t.GeneratorLoss, "#1f77b4"),
            Series("D loss", t => t.DiscriminatorLoss, "#d62728"),
            Series("R1 penalty", t => t.R1Penalty, "#7f7f7f"));
        return figure.WithTitle("Losses while training").WithAxisTitles("kimg (thousands of real images shown)", "loss");
    }

    /// <summary>
    /// ADA at work: p (left axis) and r_t = E[sign(D(real))] (right axis) against kimg, with the target as a dashed
    /// line. r_t above the target means D is starting to memorise the reals, and p goes up.
    /// </summary>
    public static Figure Augmentation(IEnumerable<TrainingTickStats> ticks, double target = 0.6)
    {
        var list = ticks.ToList();
        var kimg = list.Select(t => t.Kimg).ToArray();
        var p = new Scatter
        {
            Name = "p (augmentation probability)", Mode = "lines+markers", X = kimg, Y = list.Select(t => t.AugmentP ?? double.NaN).ToArray(),
            Line = new Line { Color = "#2ca02c" }, Marker = new Marker { Size = 4 },
        };
        var rt = new Scatter
        {
            Name = "r_t = E[sign(D(real))]", Mode = "lines+markers", X = kimg, Y = list.Select(t => t.RealSign ?? double.NaN).ToArray(),
            Line = new Line { Color = "#9467bd" }, Marker = new Marker { Size = 4 }, Extra = new() { ["yaxis"] = "y2" },
        };
        var targetLine = new Scatter
        {
            Name = $"target {target:0.##}", Mode = "lines", X = kimg.Length > 0 ? new[] { kimg[0], kimg[^1] } : [],
            Y = kimg.Length > 0 ? new[] { target, target } : [], Line = new Line { Color = "#9467bd", Dash = "dash" }, Extra = new() { ["yaxis"] = "y2" },
        };
        var figure = new Figure(p, rt, targetLine).WithTitle("Adaptive augmentation").WithAxisTitles("kimg (thousands of real images shown)", "p");
        figure.Layout.YAxis!.Range = [0, 1];
        // The legend goes below the plot: at the right it would cover the r_t axis's labels. The r_t axis keeps no
        // zero line or grid of its own, so the only horizontal lines are p's.
        figure.Layout.Legend = new Legend { Orientation = "h", Y = -0.25, YAnchor = "top" };
        figure.Layout.Extra = new()
        {
            ["yaxis2"] = new Dictionary<string, object?>
            {
                ["title"] = new Dictionary<string, object?> { ["text"] = "r_t" }, ["overlaying"] = "y", ["side"] = "right", ["range"] = new[] { -1.0, 1.0 },
                ["zeroline"] = false, ["showgrid"] = false,
            },
        };
        return figure;
    }
}
