using System.CommandLine;
using System.Globalization;
using GanKit.Training;
using GanKit.Training.Data;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit train</c>: a StyleGAN2 run on a folder or zip of images, as the reference <c>train.py</c>, in a numbered
/// run folder; a progress line per tick; Ctrl-C finishes the current step and writes a snapshot.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var outdir = new Option<string?>("--outdir") { Description = "Folder for the numbered run folders" };
        var data = new Option<string?>("--data") { Description = "Training images: a folder (PNG, JPEG, WebP) or a zip made by 'gankit dataset'" };
        var cfg = new Option<string>("--cfg") { Description = $"Preset: {string.Join(", ", TrainingPreset.Names)}", DefaultValueFactory = _ => "auto" };
        var networkConfig = new Option<string?>("--network-config") { Description = "JSON {\"generator\": {...}, \"discriminator\": {...}} for custom networks" };
        var kimg = new Option<double>("--kimg") { Description = "Length of the run in thousands of images", DefaultValueFactory = _ => 25000 };
        var batch = new Option<int?>("--batch") { Description = "Minibatch size (default: the preset's)" };
        var gamma = new Option<double?>("--gamma") { Description = "R1 γ (default: the preset's)" };
        var glr = new Option<double?>("--glr") { Description = "G's learning rate (default: the preset's)" };
        var dlr = new Option<double?>("--dlr") { Description = "D's learning rate (default: the preset's)" };
        var mirror = new Option<bool>("--mirror") { Description = "Add x-flipped copies of the images" };
        var cond = new Option<bool>("--cond") { Description = "Train a conditional network on the labels of dataset.json" };
        var snap = new Option<int>("--snap") { Description = "Snapshot every this many ticks (a tick is 4 kimg)", DefaultValueFactory = _ => 50 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
        var resume = new Option<string?>("--resume") { Description = "Continue a network-snapshot-*.safetensors, or start from a network file or .pkl" };
        var workers = new Option<int?>("--workers") { Description = "Background image-decoding threads (default: one per core, at most 4)" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var metrics = new Option<string?>("--metrics") { Description = "Measure G_ema at every snapshot into metrics.jsonl: swd2k, fid50k_full, ... (as 'gankit metrics'); default none" };
        var detector = new Option<string?>("--detector") { Description = "TorchScript Inception detector for FID/KID/PR (default: the cache folder's)" };
        var aug = new Option<string>("--aug") { Description = "Augmentation: ada (adaptive p, default), fixed (with --p) or noaug", DefaultValueFactory = _ => "ada" };
        var p = new Option<double?>("--p") { Description = "Augmentation probability for --aug fixed" };
        var target = new Option<double>("--target") { Description = "ADA target for r_t = E[sign(D(real))]", DefaultValueFactory = _ => 0.6 };
        var augpipe = new Option<string>("--augpipe") { Description = $"Augmentation pipeline: {string.Join(", ", GanKit.Training.Augment.AugmentPipes.Names)}", DefaultValueFactory = _ => GanKit.Training.Augment.AugmentPipes.Default };
        var adaKimg = new Option<double>("--ada-kimg") { Description = "ADA speed: p could go from 0 to 1 in this many kimg", DefaultValueFactory = _ => 500 };
        var freezed = new Option<int>("--freezed") { Description = "Freeze D's first N layers (FreezeD, for transfer learning)", DefaultValueFactory = _ => 0 };
        var tick = new Option<double>("--tick") { Description = "Thousands of images per tick (progress line, stats.jsonl)", DefaultValueFactory = _ => 4, Hidden = true };
        var command = new Command("train", "Train a StyleGAN2 network (run folder with options, log, stats, fakes grids and snapshots)")
        {
            outdir, data, cfg, networkConfig, kimg, batch, gamma, glr, dlr, mirror, cond, snap, seed, resume, workers, device, metrics, detector,
            aug, p, target, augpipe, adaKimg, freezed, tick,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var dataPath = parse.GetValue(data);
            if (string.IsNullOrWhiteSpace(dataPath)) throw new ArgumentException("--data: a folder or zip of training images is required");
            var outPath = parse.GetValue(outdir);
            if (string.IsNullOrWhiteSpace(outPath)) throw new ArgumentException("--outdir: a folder for the run folders is required");
            var options = new TrainingRunOptions
            {
                OutDir = outPath,
                Data = dataPath,
                Cfg = parse.GetValue(cfg)!,
                NetworkConfig = parse.GetValue(networkConfig),
                Kimg = parse.GetValue(kimg),
                Batch = parse.GetValue(batch),
                Gamma = parse.GetValue(gamma),
                GLr = parse.GetValue(glr),
                DLr = parse.GetValue(dlr),
                Mirror = parse.GetValue(mirror),
                Cond = parse.GetValue(cond),
                Snap = parse.GetValue(snap),
                Seed = parse.GetValue(seed),
                Resume = parse.GetValue(resume),
                Workers = parse.GetValue(workers),
                TickKimg = parse.GetValue(tick),
                Metrics = parse.GetValue(metrics),
                Detector = parse.GetValue(detector),
                Aug = parse.GetValue(aug)!,
                P = parse.GetValue(p),
                Target = parse.GetValue(target),
                AugPipe = parse.GetValue(augpipe)!,
                AdaKimg = parse.GetValue(adaKimg),
                FreezeD = parse.GetValue(freezed),
                Device = CliArguments.ParseDevice(parse.GetValue(device)!),
            };
            options.Validate(); // before the data set is decoded
            if (!File.Exists(dataPath) && !Directory.Exists(dataPath)) throw new FileNotFoundException($"--data: '{dataPath}' does not exist", dataPath);
            using var dataset = TrainingDatasets.Open(dataPath, options.Mirror, options.Cond, options.Workers);
            using var run = new TrainingRun(options, dataset);
            return Train(run);
        }));
        return command;
    }

    private static int Train(TrainingRun run)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl-C stops after the current step with a snapshot; a second one ends the process.
            if (cancel.IsCancellationRequested) return;
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            CliArguments.WideWhenRedirected();
            var plain = Console.IsOutputRedirected;
            run.Logged += line =>
            {
                if (plain) Console.WriteLine(line);
            };
            TrainingRunResult? result = null;
            if (plain)
            {
                result = run.Run(cancel.Token);
            }
            else
            {
                AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(),
                        new PercentageColumn(), new SpinnerColumn())
                    .Start(ctx =>
                    {
                        var task = ctx.AddTask(Markup.Escape($"training {run.Description}: starting"), maxValue: run.TotalNimg);
                        task.Value = run.Progress.CurNimg;
                        run.Logged += line =>
                        {
                            if (line.StartsWith("snapshot", StringComparison.Ordinal) || line.StartsWith("run folder", StringComparison.Ordinal))
                                AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]");
                        };
                        run.Tick += (_, e) =>
                        {
                            task.Value = e.Stats.CurNimg;
                            task.Description = Markup.Escape(ProgressLine(e.Stats));
                        };
                        result = run.Run(cancel.Token);
                    });
            }
            var r = result!;
            var text = r.Stopped
                ? $"stopped at {r.Progress.CurNimg / 1000.0:0.000} kimg; continue with --resume {r.LastSnapshot}"
                : $"done: {r.Progress.CurNimg / 1000.0:0.000} kimg in {r.RunDirectory}";
            if (!plain) AnsiConsole.MarkupLine(Markup.Escape(text)); // redirected output already has it from the log
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>kimg, s/kimg, losses and ETA on one line.</summary>
    internal static string ProgressLine(TrainingTickStats s)
    {
        static string F(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "-";
        var eta = s.Eta;
        var etaText = eta.TotalDays >= 1 ? $"{(int)eta.TotalDays}d {eta:hh\\:mm}" : eta.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        return $"kimg {s.Kimg:0.000}/{s.TotalKimg:0.###}  {s.SecondsPerKimg:0.0} s/kimg  G {F(s.GeneratorLoss)}  D {F(s.DiscriminatorLoss)}  " +
               $"pl_mean {F(s.PlMean)}  " + (s.AugmentP is { } augmentP ? $"p {F(augmentP)}  r_t {F(s.RealSign)}  " : "") + $"ETA {etaText}";
    }
}
