using System.CommandLine;
using System.Globalization;
using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Latent.Projection;
using GanKit.Networks;
using GanKit.Networks.Layers;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit bench recovery</c>: in-domain recovery, the projector's honest exam. Each seed's own image (constant noise)
/// is projected back with the offline loss, and the PSNR of the 8-bit projection against the 8-bit target is printed
/// per seed with the minimum and mean, with the D-feature distance before (w_avg) and after.
/// </summary>
internal static class RecoveryBenchCommand
{
    public static Command Create()
    {
        var network = new Option<string?>("--network") { Description = "Network file or NVIDIA snapshot with D (default: GanKit's avatars network)" };
        var seeds = new Option<string>("--seeds") { Description = "Seeds whose images are projected back, e.g. 2000-2009", DefaultValueFactory = _ => "2000-2009" };
        var steps = new Option<int>("--num-steps") { Description = "Optimisation steps per image", DefaultValueFactory = _ => 500 };
        var space = new Option<string>("--space") { Description = "w, wplus or both", DefaultValueFactory = _ => "both" };
        var wNoise = new Option<double>("--w-noise") { Description = "Initial noise added to w, in units of σ_w (see 'gankit project --w-noise')", DefaultValueFactory = _ => new ProjectorOptions().InitialWNoise };
        var seed = new Option<long>("--seed") { Description = "Random seed of the projections", DefaultValueFactory = _ => 303 };
        var untie = new Option<double>("--wplus-untie") { Description = "Share of the steps W+ spends on one shared w before untying per layer", DefaultValueFactory = _ => new ProjectorOptions().WPlusUntie };
        var starts = new Option<int>("--starts") { Description = "Starting points tried before each projection (see 'gankit project --starts')", DefaultValueFactory = _ => new ProjectorOptions().Starts };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("recovery",
            "PSNR of projecting the network's own images back (in-domain recovery, offline loss), per seed, in W and W+")
        {
            network, seeds, steps, space, wNoise, seed, starts, untie, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var seedList = Seeds.Parse(parse.GetValue(seeds)!);
            var numSteps = parse.GetValue(steps);
            if (numSteps < 1) throw new ArgumentException($"--num-steps must be at least 1, got {numSteps}");
            var spaceText = parse.GetValue(space)!;
            ProjectionSpace[] spaces = spaceText == "both" ? [ProjectionSpace.W, ProjectionSpace.WPlus] : [ProjectionSpaces.Parse(spaceText)];
            var target = CliArguments.ParseDevice(parse.GetValue(device)!);
            using var nets = CliArguments.LoadNetworksOrDefault(parse.GetValue(network), target);
            if (nets.D is null)
                throw new ArgumentException($"--network {nets.Source}: in-domain recovery uses the offline loss, which needs the network's D; this file has none");
            var G = nets.G_ema;
            var options = new ProjectorOptions { NumSteps = numSteps, InitialWNoise = parse.GetValue(wNoise), Seed = parse.GetValue(seed), Starts = parse.GetValue(starts), WPlusUntie = parse.GetValue(untie), ProgressEvery = Math.Max(1, numSteps / 20) };
            options.Validate();

            CliArguments.WideWhenRedirected();
            var table = new Table().AddColumn("space");
            foreach (var s in seedList) table.AddColumn(new TableColumn(s.ToString(CultureInfo.InvariantCulture)).RightAligned());
            table.AddColumn(new TableColumn("min").RightAligned()).AddColumn(new TableColumn("mean").RightAligned()).AddColumn(new TableColumn("s/image").RightAligned());
            var featureDrops = 0;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(ctx =>
            {
                foreach (var latentSpace in spaces)
                {
                    var task = ctx.AddTask($"{latentSpace.Name()}: {seedList.Count} images × {numSteps} steps", maxValue: seedList.Count * numSteps);
                    var projector = new Projector(G, nets.D, null, options with { Space = latentSpace });
                    // w_avg's image, the starting point every projection's D-feature distance is compared with.
                    using var start = StartImage(G, projector.WStatistics().WAvg);
                    var psnrs = new List<double>();
                    var seconds = 0.0;
                    foreach (var s in seedList)
                    {
                        using var scope = torch.NewDisposeScope();
                        var done = task.Value;
                        EventHandler<ProjectionStepEventArgs> progress = (_, e) => task.Value = done + e.Step;
                        projector.StepCompleted += progress;
                        using var image = G.Generate([s], 1, null, NoiseMode.Const);
                        using var result = projector.Project(image);
                        projector.StepCompleted -= progress;
                        task.Value = done + numSteps;
                        seconds += result.Elapsed.TotalSeconds;
                        psnrs.Add(Psnr.Compute(TensorImageConversion.ToImage(image), result.ToImage()));
                        AnsiConsole.MarkupLine($"[grey]{latentSpace.Name()} seed {s}: {F(psnrs[^1])} dB[/]");

                        using var noGrad = torch.no_grad();
                        var before = DiscriminatorFeatures.Distance(nets.D, image, start).ToDouble();
                        var after = DiscriminatorFeatures.Distance(nets.D, image, result.Image.to(image.device)).ToDouble();
                        if (after < before) featureDrops++;
                    }
                    table.AddRow([latentSpace.Name(), .. psnrs.Select(F), F(psnrs.Min()), F(psnrs.Average()), (seconds / seedList.Count).ToString("0.0", CultureInfo.InvariantCulture)]);
                }
            });
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"PSNR in dB of the 8-bit projection against the 8-bit target; {numSteps} steps, w noise {options.InitialWNoise.ToString(CultureInfo.InvariantCulture)} σ_w, {options.Starts} start(s), offline loss " +
                                   $"{Markup.Escape(options.LossWeights.ToString())}; D-feature distance below w_avg's in {featureDrops} of {seedList.Count * spaces.Length}");
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(nets.Source ?? "network")}[/]");
            return 0;
        }));
        return command;
    }

    private static Tensor StartImage(Generator G, Tensor wAvg)
    {
        using var noGrad = torch.no_grad();
        return G.synthesis.forward(wAvg.reshape(1, 1, -1).expand(1, G.NumWs, -1), NoiseMode.Const);
    }

    private static string F(double value) => value.ToString("0.0", CultureInfo.InvariantCulture);
}
