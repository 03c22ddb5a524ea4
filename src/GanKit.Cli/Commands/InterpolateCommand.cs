using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using GanKit.Formats.Numpy;
using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Networks;
using GanKit.Networks.Layers;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit interpolate</c>: an interpolation video through seeds, lerp in W or slerp in Z, optionally looped, eased
/// and restricted to some ws. <c>--out x.mp4</c> streams frames to ffmpeg (checked for before any work);
/// <c>--out x.png</c> writes an animated PNG frame by frame, without ffmpeg. Either way memory holds one batch of
/// frames, however long the video. Without <c>--network</c> it runs on the default network (<see cref="CliArguments.LoadDefaultNetworks"/>), as the other verbs do.
/// </summary>
internal static class InterpolateCommand
{
    public static Command Create()
    {
        var network = new Option<string?>("--network") { Description = "Network file (.safetensors) or NVIDIA snapshot (.pkl) (default: GanKit's avatars network)" };
        var seeds = new Option<string?>("--seeds") { Description = "Keyframe seeds in order, e.g. 85,100,75 (at least 2; or --projected-w)" };
        var projectedW = new Option<string?>("--projected-w")
        {
            Description = "Keyframes from projected latents instead: projected_w.npz files from 'gankit project' or the reference projector, " +
                          "comma-separated, every row of each in order (at least 2 in all; W space)",
        };
        var frames = new Option<int>("--frames-per-transition") { Description = "Frames from one seed to the next", DefaultValueFactory = _ => 30 };
        var loop = new Option<bool>("--loop") { Description = "Return from the last seed to the first, for a seamless loop" };
        var space = new Option<string>("--space") { Description = "w (lerp between ws) or z (slerp between zs, then map)", DefaultValueFactory = _ => "w" };
        var easing = new Option<string>("--easing") { Description = "none, smoothstep or cosine (slow down at each seed)", DefaultValueFactory = _ => "none" };
        var layers = new Option<string?>("--layers") { Description = "ws that move, e.g. 0-3 (coarse styles); the rest stay the first seed's (default: all)" };
        var fps = new Option<double>("--fps") { Description = "Frames per second", DefaultValueFactory = _ => 30 };
        var trunc = new Option<double>("--trunc", "--psi") { Description = "Truncation ψ", DefaultValueFactory = _ => 1.0 };
        var cutoff = new Option<int?>("--trunc-cutoff") { Description = "Truncate only the first N ws (coarse layers)" };
        var noise = new Option<string>("--noise-mode") { Description = "const, random or none", DefaultValueFactory = _ => "const" };
        var classIndex = new Option<int?>("--class") { Description = "Class label for a conditional network" };
        var batch = new Option<int?>("--batch") { Description = "Frames per forward pass (default: by device and resolution)" };
        var output = new Option<string>("--out") { Description = "Output: .mp4 (H.264 via ffmpeg, streamed) or .png (animated PNG)", Required = true };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("interpolate", "Interpolation video through seeds or projected faces (MP4 via ffmpeg, or animated PNG)")
        {
            network, seeds, projectedW, frames, loop, space, easing, layers, fps, trunc, cutoff, noise, classIndex, batch, output, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var outPath = Path.GetFullPath(parse.GetValue(output)!);
            var isVideo = FfmpegVideo.IsVideoPath(outPath);
            if (!isVideo && !ApngWriter.IsApngPath(outPath)) throw new ArgumentException(InterpolationFrames.UnknownExtension(parse.GetValue(output)!));
            var seedText = parse.GetValue(seeds);
            var projectedFiles = parse.GetValue(projectedW) is { } projectedText ? ProjectedFiles(projectedText) : null;
            if (projectedFiles is not null && seedText is not null) throw new ArgumentException("give --seeds or --projected-w, not both");
            if (projectedFiles is null && seedText is null) throw new ArgumentException("--seeds is required (e.g. --seeds 85,100,75), or --projected-w a.npz,b.npz");
            IReadOnlyList<uint>? seedList = null;
            if (seedText is not null)
            {
                if (string.IsNullOrWhiteSpace(seedText)) throw new ArgumentException("--seeds is empty: give at least 2 keyframe seeds, e.g. --seeds 85,100,75");
                seedList = Seeds.Parse(seedText);
                if (seedList.Count < 2) throw new ArgumentException($"--seeds: an interpolation needs at least 2 seeds, got {seedList.Count}");
            }
            // Before loading or synthesising anything: a missing ffmpeg is one clear line, not a wasted run.
            if (isVideo) FfmpegVideo.Require();
            var perTransition = parse.GetValue(frames);
            if (perTransition < 1) throw new ArgumentException($"--frames-per-transition must be at least 1, got {perTransition}");
            var rate = parse.GetValue(fps);
            if (!(rate > 0) || double.IsInfinity(rate)) throw new ArgumentException($"--fps must be a positive number, got {rate}");
            var latentSpace = InterpolationSpaces.Parse(parse.GetValue(space)!);
            if (projectedFiles is not null)
            {
                // A projected latent is a w: there is no z to slerp, and truncation or a class would change the face found.
                if (latentSpace != InterpolationSpace.W) throw new ArgumentException("--projected-w keyframes are ws: use --space w");
                if (parse.GetValue(trunc) != 1 || parse.GetValue(cutoff) is not null || parse.GetValue(classIndex) is not null)
                    throw new ArgumentException("--trunc, --trunc-cutoff and --class apply to seeds; projected latents are used as they are");
            }
            var ease = Easings.Parse(parse.GetValue(easing)!);
            var moving = parse.GetValue(layers) is { } layerText ? CliArguments.Ranges(layerText, "--layers") : null;
            var noiseMode = NoiseModes.Parse(parse.GetValue(noise)!);
            var requestedBatch = parse.GetValue(batch);
            if (requestedBatch < 1) throw new ArgumentException($"--batch must be at least 1, got {requestedBatch}");
            var trunCutoff = parse.GetValue(cutoff);
            if (trunCutoff < 0) throw new ArgumentException($"--trunc-cutoff must be 0 or more (the number of leading ws to truncate), got {trunCutoff}");
            var target = CliArguments.ParseDevice(parse.GetValue(device)!);

            using var nets = CliArguments.LoadNetworksOrDefault(parse.GetValue(network), target);
            var G = nets.G_ema;
            using var path = projectedFiles is not null
                ? FromProjected(G, projectedFiles, perTransition, parse.GetValue(loop), ease, moving)
                : InterpolationPath.FromSeeds(G, seedList!, latentSpace, perTransition, parse.GetValue(loop), ease,
                    parse.GetValue(trunc), trunCutoff, parse.GetValue(classIndex), moving);
            var resolution = G.Config.ImgResolution;
            var total = path.FrameCount;
            var clock = Stopwatch.StartNew();
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask(isVideo ? "frames → ffmpeg" : "frames → APNG", maxValue: total);
                    path.Save(G, outPath, rate, noiseMode, requestedBatch, n => task.Value = n);
                });
            var kind = isVideo ? "H.264 video" : "animated PNG";
            AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(outPath)}[/]: {kind}, {total} frames {resolution}×{resolution} at " +
                                   $"{rate.ToString("0.###", CultureInfo.InvariantCulture)} fps ({Markup.Escape(path.ToString())}) in {clock.Elapsed.TotalSeconds:0.0} s");
            return 0;
        }));
        return command;
    }

    /// <summary>The comma-separated files of <c>--projected-w</c>, each checked to exist.</summary>
    private static string[] ProjectedFiles(string text)
    {
        var files = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (files.Length == 0) throw new ArgumentException("--projected-w is empty: give projected_w.npz files, e.g. --projected-w a.npz,b.npz");
        foreach (var file in files)
        {
            if (!File.Exists(file))
                throw new FileNotFoundException($"--projected-w '{file}' does not exist: expected projected_w.npz from gankit project or the reference projector", file);
        }
        return files;
    }

    /// <summary>A W path through every row of the projected-latents files, in order.</summary>
    private static InterpolationPath FromProjected(Generator G, string[] files, int perTransition, bool loop, Easing ease, IReadOnlyCollection<int>? moving)
    {
        using var scope = torch.NewDisposeScope();
        var keys = torch.cat(files.Select(f => ProjectedLatents.Load(f, G.NumWs, G.Config.WDim, G.device)).ToArray());
        if (keys.size(0) < 2)
            throw new ArgumentException($"--projected-w: an interpolation needs at least 2 latents, got {keys.size(0)} in {string.Join(", ", files)}");
        return new InterpolationPath(keys, InterpolationSpace.W, perTransition, loop, ease, moving);
    }
}
