using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GanKit.Latent.Directions;
using GanKit.Networks;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit directions</c>: finds latent directions in W (GANSpace PCA over seeds 0…S−1, closed-form SeFa over a
/// layer range, or a supervised boundary from labelled seeds) and writes them as a directions file.
/// </summary>
internal static class DirectionsCommand
{
    public static Command Create()
    {
        var method = new Option<string>("--method") { Description = "pca (GANSpace), sefa (closed form) or supervised", DefaultValueFactory = _ => "pca" };
        var network = new Option<string?>("--network") { Description = "Network file (.safetensors) or NVIDIA snapshot (.pkl) (default: GanKit's avatars network)" };
        var samples = new Option<int>("--samples") { Description = "Seeds 0…S−1 for PCA, and for the mean and stdev stored by SeFa", DefaultValueFactory = _ => 10_000 };
        var components = new Option<int>("--components") { Description = "Number of directions K (pca, sefa)", DefaultValueFactory = _ => 10 };
        var layers = new Option<string?>("--layers") { Description = "SeFa: ws indices whose style affines are factorised, e.g. 0-3 (default: all)" };
        var labels = new Option<string?>("--labels") { Description = "Supervised: CSV (seed,label) or JSON ({\"85\": 1}); 0/1 labels fit a logistic boundary, others least squares" };
        var heldOut = new Option<double>("--held-out") { Description = "Supervised: fraction of the labelled seeds held out to measure accuracy", DefaultValueFactory = _ => 0.2 };
        var batch = new Option<int>("--batch") { Description = "ws mapped per batch while streaming the covariance", DefaultValueFactory = _ => 4096 };
        var classIndex = new Option<int?>("--class") { Description = "Class label for a conditional network" };
        var outPath = new Option<string>("--out") { Description = "Directions file to write (.safetensors)", Required = true };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("directions", "Find latent directions (GANSpace PCA, SeFa, supervised) and save them")
        {
            method, network, samples, components, layers, labels, heldOut, batch, classIndex, outPath, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var kind = parse.GetValue(method)!.ToLowerInvariant();
            if (kind is not ("pca" or "sefa" or "supervised"))
                throw new ArgumentException($"--method '{parse.GetValue(method)}' is not one of pca, sefa, supervised");
            var networkPath = parse.GetValue(network);
            var labelsPath = parse.GetValue(labels);
            if (kind == "supervised" && labelsPath is null) throw new ArgumentException("--method supervised needs --labels (a CSV or JSON of seed → label)");
            var labelValues = labelsPath is null ? null : SupervisedDirections.ReadLabels(labelsPath);
            var path = Path.GetFullPath(parse.GetValue(outPath)!);
            using var nets = CliArguments.LoadNetworksOrDefault(networkPath, CliArguments.ParseDevice(parse.GetValue(device)!));
            var G = nets.G_ema;
            var hashed = networkPath ?? DefaultNetwork.FilePath();
            var hash = hashed is null ? "untrained-demo-network" : NetworkHash.Of(hashed);
            var count = parse.GetValue(samples);
            var k = parse.GetValue(components);
            var cls = parse.GetValue(classIndex);
            var watch = Stopwatch.StartNew();

            DirectionSet? set = null;
            SupervisedDirection? fit = null;
            switch (kind)
            {
                case "pca":
                    if (k < 1 || k > G.mapping.WDim) throw new ArgumentException($"--components must be in 1..{G.mapping.WDim} (w_dim), got {k}");
                    if (count < 2) throw new ArgumentException($"--samples must be at least 2, got {count}");
                    AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                            new RemainingTimeColumn(), new SpinnerColumn())
                        .Start(ctx =>
                        {
                            var task = ctx.AddTask("mapping seeds", maxValue: count);
                            set = GanSpace.Pca(G, count, k, parse.GetValue(batch), cls, hash, done => task.Value = done);
                        });
                    break;
                case "sefa":
                    var range = parse.GetValue(layers) is { } text ? CliArguments.Ranges(text, "--layers") : Enumerable.Range(0, G.NumWs).ToArray();
                    AnsiConsole.Status().Start("factorising", _ => set = Sefa.Directions(G, range, k, count, hash, cls));
                    break;
                default:
                    AnsiConsole.Status().Start("fitting", _ =>
                    {
                        fit = SupervisedDirections.FromSeeds(G, labelValues!, parse.GetValue(heldOut), cls);
                        set = fit.ToDirectionSet(WStatistics.FromSeeds(G, Math.Max(count, 2), parse.GetValue(batch), cls), hash);
                    });
                    break;
            }
            watch.Stop();
            set!.Save(path);

            CliArguments.WideWhenRedirected();
            var table = new Table().AddColumns("component", "variance", "ratio", "stdev");
            for (var i = 0; i < set.Count; i++)
                table.AddRow(i.ToString(CultureInfo.InvariantCulture), Number(set.ExplainedVariance[i]), Number(set.ExplainedVarianceRatio[i]), Number(set.Stdev[i]));
            AnsiConsole.Write(table);
            if (fit is not null)
                AnsiConsole.MarkupLine($"held-out {fit.ScoreName} {Number(fit.HeldOutScore)} on {fit.HeldOutCount} seeds (train {Number(fit.TrainScore)} on {fit.TrainCount})");
            AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(path)}[/]: {set.Count} {kind} direction(s), w_dim {set.WDim}" +
                                   $"{(set.Layers is null ? "" : $", ws {set.Layers}")}, {set.Samples} samples, {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
            return 0;
        }));
        return command;
    }

    private static string Number(double v) => v.ToString("0.#####", CultureInfo.InvariantCulture);
}
