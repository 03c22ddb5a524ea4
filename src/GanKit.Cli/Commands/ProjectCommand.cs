using System.CommandLine;
using System.Globalization;
using GanKit.Imaging;
using GanKit.Latent.Projection;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit project</c>: finds a real photo inside the network (W or W+), as the reference <c>projector.py</c>:
/// writes <c>target.png</c>, <c>proj.png</c>, <c>projected_w.npz</c> and <c>projected_w.safetensors</c>; with
/// <c>--save-video</c> also <c>proj.mp4</c> (ffmpeg) and the animated PNG <c>proj-steps.png</c>, target | projection
/// over the steps (named apart from the still <c>proj.png</c>).
/// </summary>
internal static class ProjectCommand
{
    public static Command Create()
    {
        var network = new Option<string?>("--network") { Description = "Network file (.safetensors) or NVIDIA snapshot (.pkl) (default: GanKit's avatars network)" };
        var target = new Option<string>("--target") { Description = "The photo to project: PNG, JPEG or WebP of any size", Required = true };
        var steps = new Option<int>("--num-steps") { Description = "Optimisation steps", DefaultValueFactory = _ => 1000 };
        var seed = new Option<long>("--seed") { Description = "Random seed of the projection", DefaultValueFactory = _ => 303 };
        var space = new Option<string>("--space") { Description = "w (one w for every layer, as the reference) or wplus (one w per layer)", DefaultValueFactory = _ => "w" };
        var video = new Option<bool>("--save-video") { Description = "Also write proj.mp4 (ffmpeg) and proj-steps.png (animated PNG): target | projection over the steps" };
        var outdir = new Option<string>("--outdir") { Description = "Output folder", Required = true };
        var crop = new Option<string?>("--crop") { Description = "Square to project, x,y,size in pixels (default: the largest centred square)" };
        var lpips = new Option<string?>("--lpips") { Description = $"NVIDIA's VGG16 LPIPS file {LpipsNetwork.FileName} (default: {LpipsNetwork.FileName} in GanKit's cache folder lpips/, if there)" };
        var weights = new Option<string?>("--loss-weights")
        {
            Description = "Loss weights, e.g. dfeat=0.25,mse=1,msssim=0.25 (default: lpips=1 with the VGG16 file, else dfeat=0.25,mse=1)",
        };
        var frameEvery = new Option<int?>("--frame-every") { Description = "Steps between video frames (default: num-steps / 100)" };
        var fps = new Option<double>("--fps") { Description = "Video frames per second", DefaultValueFactory = _ => 30 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var wNoise = new Option<double>("--w-noise")
        {
            Description = "Initial strength of the noise added to w while searching, in units of σ_w; it fades out by 75% of the steps",
            DefaultValueFactory = _ => new ProjectorOptions().InitialWNoise,
        };
        var starts = new Option<int>("--starts")
        {
            Description = "Starting points tried first (w_avg and random ones, each optimised for 10% of the steps); the projection continues from the best",
            DefaultValueFactory = _ => new ProjectorOptions().Starts,
        };
        var untie = new Option<double>("--wplus-untie")
        {
            Description = "With --space wplus: share of the steps spent on one shared w before each layer gets its own",
            DefaultValueFactory = _ => new ProjectorOptions().WPlusUntie,
        };
        var command = new Command("project", "Project a real image into the network's latent space (W or W+)")
        {
            network, target, steps, seed, space, video, outdir, crop, lpips, weights, frameEvery, fps, device, wNoise, starts, untie,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var targetPath = parse.GetValue(target)!;
            CheckTargetPath(targetPath);
            var dir = Path.GetFullPath(parse.GetValue(outdir)!);
            CheckOutdir(dir, parse.GetValue(outdir)!);
            var numSteps = parse.GetValue(steps);
            if (numSteps < 1) throw new ArgumentException($"--num-steps must be at least 1, got {numSteps}");
            var latentSpace = ProjectionSpaces.Parse(parse.GetValue(space)!);
            var square = parse.GetValue(crop) is { } cropText ? SquareCrop.Parse(cropText) : null;
            var saveVideo = parse.GetValue(video);
            var every = parse.GetValue(frameEvery) ?? Math.Max(1, numSteps / 100);
            if (every < 1) throw new ArgumentException($"--frame-every must be at least 1, got {every}");
            var rate = parse.GetValue(fps);
            if (!(rate > 0) || double.IsInfinity(rate)) throw new ArgumentException($"--fps must be a positive number, got {rate}");
            var lpipsPath = parse.GetValue(lpips) is { } explicitLpips ? LpipsNetwork.Locate(explicitLpips) : LpipsNetwork.FindCached();
            var defaults = lpipsPath is null ? ProjectionLossWeights.Offline : ProjectionLossWeights.LpipsOnly;
            var lossWeights = parse.GetValue(weights) is { } weightText ? ProjectionLossWeights.Parse(weightText, defaults) : defaults;
            if (lossWeights.NeedsLpips && lpipsPath is null) LpipsNetwork.Locate(); // the error says where to get vgg16.pt
            if (saveVideo) FfmpegVideo.Require(); // before any work: a missing ffmpeg is one clear line
            var targetDevice = CliArguments.ParseDevice(parse.GetValue(device)!);

            using var nets = CliArguments.LoadNetworksOrDefault(parse.GetValue(network), targetDevice);
            var G = nets.G_ema;
            var resolution = G.Config.ImgResolution;
            var targetImage = ProjectionTarget.Load(targetPath, resolution, square);
            using var lpipsNet = lossWeights.NeedsLpips ? LpipsNetwork.Load(lpipsPath!, targetDevice) : null;
            var options = new ProjectorOptions
            {
                NumSteps = numSteps,
                Space = latentSpace,
                Seed = parse.GetValue(seed),
                InitialWNoise = parse.GetValue(wNoise),
                Starts = parse.GetValue(starts),
                WPlusUntie = parse.GetValue(untie),
                LossWeights = lossWeights,
                ProgressEvery = Math.Max(1, Math.Min(10, numSteps / 100)),
                ImageEvery = saveVideo ? every : 0,
            };
            var projector = new Projector(G, nets.D, lpipsNet, options);
            Directory.CreateDirectory(dir);
            targetImage.Save(Path.Combine(dir, "target.png"));
            AnsiConsole.MarkupLine($"[grey]projecting {Markup.Escape(targetPath)} into {latentSpace.Name()} at {resolution}×{resolution}: " +
                                   $"{numSteps} steps, loss {Markup.Escape(lossWeights.ToString())}" +
                                   (lpipsNet is null ? "" : $" (LPIPS: {Markup.Escape(lpipsNet.Path)})") + "[/]");

            var mp4Path = Path.Combine(dir, "proj.mp4");
            var apngPath = Path.Combine(dir, "proj-steps.png");
            using var mp4 = saveVideo ? new VideoWriter(mp4Path, 2 * ProjectionFrames.Scale(resolution) * resolution, ProjectionFrames.Scale(resolution) * resolution, rate) : null;
            using var apng = saveVideo ? new ApngWriter(apngPath, rate) : null;
            ProjectionResult? result = null;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new ElapsedTimeColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("w statistics", maxValue: numSteps);
                    projector.WStatistics();
                    projector.StepCompleted += (_, e) =>
                    {
                        task.Description = $"step {e.Step}/{e.NumSteps} loss {e.Loss.ToString("0.0000", CultureInfo.InvariantCulture)}";
                        task.Value = e.Step;
                        if (e.Image is { } image)
                        {
                            var frame = ProjectionFrames.SideBySide(targetImage, image);
                            mp4?.WriteFrame(frame);
                            apng?.WriteFrame(frame);
                        }
                    };
                    result = projector.Project(targetImage);
                });
            using var projection = result!;
            var projImage = projection.ToImage();
            projImage.Save(Path.Combine(dir, "proj.png"));
            projection.SaveW(Path.Combine(dir, "projected_w.npz"));
            projection.SaveW(Path.Combine(dir, "projected_w.safetensors"));
            if (saveVideo)
            {
                mp4!.Complete();
                apng!.Complete();
            }
            var psnr = Psnr.Compute(targetImage, projImage);
            var perStep = projection.Elapsed.TotalSeconds / numSteps;
            AnsiConsole.MarkupLine($"final loss {projection.LossHistory[^1].ToString("0.0000", CultureInfo.InvariantCulture)}, " +
                                   $"PSNR [green]{psnr.ToString("0.00", CultureInfo.InvariantCulture)} dB[/] against target.png, " +
                                   $"{projection.Elapsed.TotalSeconds:0.0} s ({perStep:0.000} s/step)");
            AnsiConsole.MarkupLine($"wrote target.png, proj.png, projected_w.npz, projected_w.safetensors" +
                                   (saveVideo ? $", proj.mp4 and proj-steps.png ({mp4!.FrameCount} frames)" : "") +
                                   $" to [green]{CliArguments.Show(dir)}[/]");
            return 0;
        }));
        return command;
    }

    /// <summary>A folder or a missing file is refused before the network is loaded.</summary>
    private static void CheckTargetPath(string path)
    {
        if (Directory.Exists(path)) throw new IOException($"--target '{path}' is a folder: expected one PNG, JPEG or WebP image file");
        if (!File.Exists(path)) throw new FileNotFoundException($"--target '{path}' does not exist: expected a PNG, JPEG or WebP image file", path);
    }

    /// <summary>An output folder below a file can never be created; say which file is in the way.</summary>
    private static void CheckOutdir(string full, string given)
    {
        if (File.Exists(full)) throw new IOException($"--outdir '{given}' is a file: expected a folder (it is created if missing)");
        for (var parent = Path.GetDirectoryName(full); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent)) throw new IOException($"--outdir '{given}' cannot be created: '{parent}' is a file, not a folder");
            if (Directory.Exists(parent)) break;
        }
    }
}
