using System.CommandLine;
using System.Globalization;
using GanKit.Training.Data;
using GanKit.Training.Metrics;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit metrics</c>: quality metrics of a generator against its dataset, as the reference <c>calc_metrics.py</c>:
/// SWD (no download), FID, KID and precision/recall (NVIDIA's Inception detector); a table, and a line per metric in
/// <c>metrics.jsonl</c> with <c>--outdir</c>.
/// </summary>
internal static class MetricsCommand
{
    public static Command Create()
    {
        var network = new Option<string?>("--network") { Description = "Network file (.safetensors) or NVIDIA snapshot (.pkl) (default: GanKit's avatars network)" };
        var data = new Option<string>("--data") { Description = "The dataset the network was trained on (folder or zip)", Required = true };
        var metrics = new Option<string>("--metrics")
        {
            Description = "Comma-separated: swd (ProGAN SWD, 16k images, no download), swdNk, fid50k_full, fid10k, kid50k_full, pr50k3_full, ...",
            DefaultValueFactory = _ => "swd",
        };
        var detector = new Option<string?>("--detector") { Description = $"TorchScript feature detector (default: {FeatureDetector.InceptionFileName} in the cache folder)" };
        var num = new Option<int?>("--num") { Description = "Generated images per metric instead of the name's count (reals too, except _full)" };
        var trunc = new Option<double>("--trunc") { Description = "Truncation ψ of the generated images", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<uint>("--seed") { Description = "First seed of the generated images; also the reals' order and SWD's random draws", DefaultValueFactory = _ => 0u };
        var mirror = new Option<bool>("--mirror") { Description = "Include x-flipped copies of the reals (as a --mirror training run saw them)" };
        var outdir = new Option<string?>("--outdir") { Description = "Append the results to OUTDIR/metrics.jsonl" };
        var noCache = new Option<bool>("--no-cache") { Description = "Neither read nor write cached real-image statistics" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("metrics", "Measure a network: SWD, FID, KID, precision/recall")
        {
            network, data, metrics, detector, num, trunc, seed, mirror, outdir, noCache, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            CliArguments.WideWhenRedirected();
            var specs = MetricSpec.ParseList(parse.GetValue(metrics)!, parse.GetValue(num));
            var psi = parse.GetValue(trunc);
            if (!double.IsFinite(psi)) throw new ArgumentException($"--trunc must be a number, got {psi}");
            var target = CliArguments.ParseDevice(parse.GetValue(device)!);
            var detectorPath = parse.GetValue(detector);
            if (specs.Any(s => s.NeedsDetector)) FeatureDetector.Locate(detectorPath); // a missing detector fails before any work
            var networkPath = parse.GetValue(network);
            using var nets = CliArguments.LoadNetworksOrDefault(networkPath, target);
            using var dataset = TrainingDatasets.Open(parse.GetValue(data)!, parse.GetValue(mirror));
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(dataset.ToString())}[/]");
            var options = new MetricRunOptions
            {
                Psi = psi,
                Seed = parse.GetValue(seed),
                DetectorPath = detectorPath,
                UseCache = !parse.GetValue(noCache),
            };
            using var runner = new MetricRunner(nets.G_ema, dataset, options);
            var results = new List<MetricResult>();
            foreach (var spec in specs)
            {
                MetricResult? result = null;
                AnsiConsole.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                        new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                    .Start(ctx =>
                    {
                        var tasks = new Dictionary<string, ProgressTask>();
                        runner.Progress = (stage, done, total) =>
                        {
                            if (!tasks.TryGetValue(stage, out var task))
                                tasks[stage] = task = ctx.AddTask($"{spec.Name}: {Markup.Escape(stage)}", maxValue: Math.Max(total, 1));
                            task.Value = Math.Min(done, total);
                        };
                        result = runner.Run(spec);
                        foreach (var task in tasks.Values) task.Value = task.MaxValue;
                    });
                results.Add(result!);
                if (runner.LastCacheHit is { } hit) AnsiConsole.MarkupLine($"[grey]real statistics from {CliArguments.Show(hit)}[/]");
                AnsiConsole.MarkupLine($"{Markup.Escape(spec.Name)}: {Markup.Escape(result!.ToString())} [grey]({MetricResult.FormatTime(result.Seconds)}, " +
                                       $"{result.Generated} generated, {result.Reals} real)[/]");
                if (parse.GetValue(outdir) is { } dir)
                {
                    Directory.CreateDirectory(dir);
                    result.AppendTo(Path.Combine(dir, "metrics.jsonl"), networkPath ?? nets.Source, psi, options.Seed);
                }
            }

            var table = new Table().AddColumn("metric").AddColumn("result").AddColumn(new TableColumn("value").RightAligned())
                .AddColumn(new TableColumn("images (gen / real)").RightAligned()).AddColumn(new TableColumn("time").RightAligned());
            foreach (var r in results)
            {
                foreach (var (name, value) in r.Results)
                    table.AddRow(Markup.Escape(r.Metric), Markup.Escape(name), value.ToString("0.####", CultureInfo.InvariantCulture),
                        $"{r.Generated} / {r.Reals}", MetricResult.FormatTime(r.Seconds));
            }
            AnsiConsole.Write(table);
            if (parse.GetValue(outdir) is { } written)
                AnsiConsole.MarkupLine($"appended {results.Count} line(s) to [green]{CliArguments.Show(Path.Combine(Path.GetFullPath(written), "metrics.jsonl"))}[/]");
            return 0;
        }));
        return command;
    }
}
