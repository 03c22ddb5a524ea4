using System.CommandLine;
using System.Diagnostics;
using GanKit.Latent;
using GanKit.Networks;
using GanKit.Networks.Config;
using GanKit.Networks.Layers;
using GanKit.Networks.Ops;
using GanKit.Torch;
using Spectre.Console;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Cli.Commands;

/// <summary><c>gankit bench ...</c>: figures for the README, never assertions.</summary>
internal static class BenchCommand
{
    /// <summary>The start-up check's choice, for benchmark footers (it changes CPU convolution speed about 2×).</summary>
    internal static string OneDnn() => TorchRuntime.OneDnnConvolution switch
    {
        OneDnnConvolutionMode.Right => "on",
        OneDnnConvolutionMode.ChannelsPadded => "on (channels padded)",
        _ => "off",
    };

    public static Command Create()
    {
        var command = new Command("bench", "Measure speed: per-op cost from C#, convolution throughput, generation throughput");
        command.Subcommands.Add(CreateOps());
        command.Subcommands.Add(CreateGenerate());
        command.Subcommands.Add(CreateTrain());
        command.Subcommands.Add(CreateProject());
        command.Subcommands.Add(RecoveryBenchCommand.Create());
        return command;
    }

    private static Command CreateProject()
    {
        var network = new Option<string?>("--network") { Description = "Network file or NVIDIA snapshot (default: GanKit's avatars network)" };
        var networkConfig = new Option<string?>("--network-config") { Description = "JSON {\"generator\": {...}, \"discriminator\": {...}}: random weights at any size (instead of --network)" };
        var steps = new Option<int>("--steps") { Description = "Timed projection steps (after 2 warm-up steps)", DefaultValueFactory = _ => 20 };
        var space = new Option<string>("--space") { Description = "w or wplus", DefaultValueFactory = _ => "w" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("project",
            "s/step of 'gankit project' at the network's resolution (offline loss: D features + MSE, noise maps optimised), on seed 0's image")
        {
            network, networkConfig, steps, space, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var n = Positive(parse.GetValue(steps), "--steps");
            var latentSpace = GanKit.Latent.Projection.ProjectionSpaces.Parse(parse.GetValue(space)!);
            var target = CliArguments.ParseDevice(parse.GetValue(device)!);
            if (parse.GetValue(network) is not null && parse.GetValue(networkConfig) is not null)
                throw new ArgumentException("give --network or --network-config, not both");
            NetworkSet nets;
            string what;
            if (parse.GetValue(networkConfig) is { } file)
            {
                var (gConfig, dConfig) = GanKit.Training.NetworkConfigFile.Read(file);
                torch.manual_seed(0);
                var g = new Generator(gConfig);
                var d = new Discriminator(dConfig);
                g.eval();
                d.eval();
                nets = new NetworkSet(g, null, d, source: file).to(target);
                what = $"random weights from {Markup.Escape(file)}";
            }
            else
            {
                nets = CliArguments.LoadNetworksOrDefault(parse.GetValue(network), target);
                what = Markup.Escape(nets.Source ?? "network");
            }
            using var _ = nets;
            var G = nets.G_ema;
            var weights = nets.D is null
                ? GanKit.Latent.Projection.ProjectionLossWeights.Offline with { DFeatures = 0 }
                : GanKit.Latent.Projection.ProjectionLossWeights.Offline;
            CliArguments.WideWhenRedirected();
            double statsSeconds = 0, perStep = 0;
            AnsiConsole.Status().Start("timing the projection", ctx =>
            {
                using var image = G.Generate([0u], 1, null, NoiseMode.Const);
                var projector = new GanKit.Latent.Projection.Projector(G, nets.D, null, new GanKit.Latent.Projection.ProjectorOptions
                {
                    // One start: the trials before the search run the same kind of step, counted in the estimate below.
                    NumSteps = n + 2, Space = latentSpace, LossWeights = weights, ProgressEvery = 1, Starts = 1,
                });
                var clock = Stopwatch.StartNew();
                projector.WStatistics();
                statsSeconds = clock.Elapsed.TotalSeconds;
                TimeSpan? afterWarmUp = null;
                projector.StepCompleted += (_, e) =>
                {
                    if (e.Step == 2) afterWarmUp = e.Elapsed;
                    ctx.Status($"timing the projection: step {e.Step}/{n + 2}");
                };
                using var result = projector.Project(image);
                perStep = (result.Elapsed - afterWarmUp!.Value).TotalSeconds / n;
            });
            var r = G.Config.ImgResolution;
            var defaults = new GanKit.Latent.Projection.ProjectorOptions();
            AnsiConsole.MarkupLine($"project {r}×{r} ({GanKit.Latent.Projection.ProjectionSpaces.Name(latentSpace)}) on {target}: [green]{perStep:0.000} s/step[/] " +
                                   $"(mean of {n} steps after 2 warm-up; 1000 steps ≈ {perStep * 1000 / 60:0.0} min, " +
                                   $"{perStep * 1000 * (1 + defaults.Starts * defaults.StartTrial) / 60:0.0} min with the default {defaults.Starts} starting trials of " +
                                   $"{defaults.StartTrial * 1000:0} steps each), " +
                                   $"w_avg and σ_w from 10,000 samples {statsSeconds:0.0} s");
            AnsiConsole.MarkupLine($"[grey]{what}; loss {Markup.Escape(weights.ToString())}, noise maps optimised; " +
                                   $"TorchSharp {TorchRuntime.TorchSharpVersion}, libtorch {TorchRuntime.LibTorchVersion}, oneDNN {BenchCommand.OneDnn()}, {torch.get_num_threads()} threads[/]");
            return 0;
        }));
        return command;
    }

    private static Command CreateGenerate()
    {
        var resolution = new Option<int>("--resolution") { Description = "Output resolution (a power of two, 4 to 1024)", DefaultValueFactory = _ => 256 };
        var batch = new Option<int>("--batch") { Description = "Images per forward pass", DefaultValueFactory = _ => 4 };
        var iterations = new Option<int>("--iterations") { Description = "Timed batches (after warm-up)", DefaultValueFactory = _ => 5 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var channelBase = new Option<int>("--channel-base") { Description = "Channels at resolution r: min(channel_base / r, channel_max)", DefaultValueFactory = _ => 16384 };
        var channelMax = new Option<int>("--channel-max") { Description = "Upper bound of channels per layer", DefaultValueFactory = _ => 512 };
        var zDim = new Option<int>("--z-dim") { Description = "Latent z dimension", DefaultValueFactory = _ => 512 };
        var wDim = new Option<int>("--w-dim") { Description = "Intermediate latent w dimension", DefaultValueFactory = _ => 512 };
        var mappingLayers = new Option<int>("--mapping-layers") { Description = "Fully connected layers of the mapping network", DefaultValueFactory = _ => 8 };
        var fp16 = new Option<int>("--num-fp16-res") { Description = "Highest resolutions run in float16 (CUDA only)", DefaultValueFactory = _ => 4 };
        var command = new Command("generate",
            "Generator throughput with random weights (StyleGAN2-ADA's 256×256 configuration by default): images/s and achieved " +
            "GFLOP/s, beside the conv2d peak of 'bench ops'")
        {
            resolution, batch, iterations, device, channelBase, channelMax, zDim, wDim, mappingLayers, fp16,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var r = parse.GetValue(resolution);
            if (r < 4 || r > 1024 || (r & (r - 1)) != 0) throw new ArgumentException($"--resolution must be a power of two from 4 to 1024, got {r}");
            var settings = new GeneratorBenchmark.Settings(r, Positive(parse.GetValue(batch), "--batch"),
                Positive(parse.GetValue(iterations), "--iterations"), CliArguments.ParseDevice(parse.GetValue(device)!),
                Positive(parse.GetValue(channelBase), "--channel-base"), Positive(parse.GetValue(channelMax), "--channel-max"),
                Positive(parse.GetValue(zDim), "--z-dim"), Positive(parse.GetValue(wDim), "--w-dim"),
                Positive(parse.GetValue(mappingLayers), "--mapping-layers"), Math.Max(0, parse.GetValue(fp16)));

            CliArguments.WideWhenRedirected();
            GeneratorBenchmark.Result? result = null;
            OpsBenchmark.Timing? peak = null;
            AnsiConsole.Status().Start("timing the generator", ctx =>
            {
                result = GeneratorBenchmark.Run(settings, i => ctx.Status($"timing the generator: batch {i}/{settings.Iterations}"));
                ctx.Status("timing conv2d (the bench ops peak)");
                peak = OpsBenchmark.Conv(settings.Device);
            });

            var g = result!;
            var flops = g.Flops;
            var table = new Table().AddColumns("work", "time per batch", "images/s", "achieved GFLOP/s");
            table.AddRow($"generate {r}×{r}, batch {settings.Batch} ({settings.Device}), {Flops(flops.PerImage)}/image counted",
                $"{g.MeanSeconds * 1e3:F1} ms (min {g.SecondsPerBatch.Min() * 1e3:F1}, max {g.SecondsPerBatch.Max() * 1e3:F1}; {settings.Iterations} batches)",
                $"{g.ImagesPerSecond:F2}", $"{g.Gflops:F1}");
            table.AddRow($"conv2d {OpsBenchmark.ConvDescription} ({settings.Device}), the bench ops peak", $"{peak!.SecondsPerCall * 1e3:F1} ms per call", "",
                $"{peak.Gflops:F1}");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"generate {r}×{r} batch {settings.Batch} on {settings.Device}: [green]{g.ImagesPerSecond:F2} images/s[/], " +
                                   $"{g.Gflops:F1} GFLOP/s achieved = [green]{g.Gflops / peak.Gflops * 100:F0}% of the conv2d peak[/] " +
                                   $"({peak.Gflops:F1} GFLOP/s)");
            AnsiConsole.MarkupLine($"[grey]counted per image: modulated 3×3 convs {Flops(flops.Of(FlopKind.Conv))}, tRGB {Flops(flops.Of(FlopKind.ToRgb))}, " +
                                   $"affine maps {Flops(flops.Of(FlopKind.Affine))}, mapping {Flops(flops.Of(FlopKind.Mapping))} (a multiply-add is 2 FLOPs; the up " +
                                   "convs as stride-2 transposed convs over their input). Not counted: FIR filters, weight modulation/demodulation, bias, " +
                                   "activation, noise.[/]");
            var c = g.Config;
            var channels = string.Join(" ", Enumerable.Range(2, (int)Math.Log2(r) - 1).Select(i => 1 << i)
                .Select(res => $"{res}:{Math.Min(c.Synthesis.ChannelBase / res, c.Synthesis.ChannelMax)}"));
            AnsiConsole.MarkupLine($"[grey]random weights; z {c.ZDim}, w {c.WDim}, {c.Mapping.NumLayers} mapping layers, channel_base {c.Synthesis.ChannelBase}, " +
                                   $"channel_max {c.Synthesis.ChannelMax} (channels {channels}), {g.Parameters / 1e6:F2}M parameters, " +
                                   $"{(settings.Device.type == DeviceType.CUDA && c.Synthesis.NumFp16Res > 0 ? $"float16 on the top {c.Synthesis.NumFp16Res} resolutions" : "float32")}; " +
                                   $"eval mode, inference mode, const noise; TorchSharp {TorchRuntime.TorchSharpVersion}, libtorch {TorchRuntime.LibTorchVersion}, oneDNN {BenchCommand.OneDnn()}, " +
                                   $"{torch.get_num_threads()} threads[/]");
            return 0;
        }));
        return command;
    }

    private static Command CreateTrain()
    {
        var resolution = new Option<int>("--resolution") { Description = "Image resolution (a power of two)", DefaultValueFactory = _ => 32 };
        var batch = new Option<int>("--batch") { Description = "Minibatch size", DefaultValueFactory = _ => 16 };
        var networkConfig = new Option<string?>("--network-config") { Description = "JSON {\"generator\": {...}, \"discriminator\": {...}} (default: the auto preset)" };
        var cfg = new Option<string>("--cfg") { Description = "Preset for the optimisation settings (and the networks without --network-config)", DefaultValueFactory = _ => "auto" };
        var steps = new Option<int>("--steps") { Description = "Timed minibatches (16 = one regularisation cycle)", DefaultValueFactory = _ => 16 };
        var data = new Option<string?>("--data") { Description = "Also time decoding this data set (folder or zip)" };
        var augpipe = new Option<string?>("--augpipe") { Description = "Put this augmentation pipeline in front of D (bgc, bgcfnc, ...): the cost of ADA; default none" };
        var p = new Option<double>("--p") { Description = "Augmentation probability with --augpipe (ADA's p; 0 skips augmenting)", DefaultValueFactory = _ => 0.5 };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("train",
            "s/kimg of the reference training schedule (Gmain + Dmain every step, Greg every 4, Dreg every 16, Adam, G_ema) on random reals; " +
            "with --augpipe, ADA's cost; with --data, the data-loading share")
        {
            resolution, batch, networkConfig, cfg, steps, data, augpipe, p, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var r = parse.GetValue(resolution);
            if (r < 4 || r > 1024 || (r & (r - 1)) != 0) throw new ArgumentException($"--resolution must be a power of two from 4 to 1024, got {r}");
            var b = Positive(parse.GetValue(batch), "--batch");
            var n = Positive(parse.GetValue(steps), "--steps");
            var target = CliArguments.ParseDevice(parse.GetValue(device)!);
            var preset = GanKit.Training.TrainingPreset.Get(parse.GetValue(cfg)!, r);
            GeneratorConfig gConfig;
            DiscriminatorConfig dConfig;
            if (parse.GetValue(networkConfig) is { } file)
            {
                (gConfig, dConfig) = GanKit.Training.NetworkConfigFile.Read(file);
                if (gConfig.ImgResolution != r)
                    throw new ArgumentException($"--resolution {r} does not match --network-config '{file}', whose generator makes {gConfig.ImgResolution}x{gConfig.ImgResolution} images");
            }
            else
            {
                gConfig = preset.Generator(r, fp16: target.type == DeviceType.CUDA);
                dConfig = preset.Discriminator(r, fp16: target.type == DeviceType.CUDA);
            }
            var recipe = preset.Recipe();
            var probability = parse.GetValue(p);
            if (!(probability >= 0 && probability <= 1)) throw new ArgumentException($"--p must be in [0, 1], got {probability}");
            var augment = parse.GetValue(augpipe) is { } pipe ? GanKit.Training.Augment.AugmentPipeline.Named(pipe, probability) : null;

            CliArguments.WideWhenRedirected();
            GanKit.Training.TrainingBenchmark.Result? result = null;
            GanKit.Training.Data.DecodeThroughput? decode = null;
            AnsiConsole.Status().Start("timing training", ctx =>
            {
                result = GanKit.Training.TrainingBenchmark.Run(gConfig, dConfig, recipe, b, target, n,
                    progress: i => ctx.Status($"timing training: minibatch {i}/{n}"), augment: augment);
                if (parse.GetValue(data) is { } dataPath)
                {
                    ctx.Status("timing data loading");
                    using var dataset = GanKit.Training.Data.TrainingDatasets.Open(dataPath);
                    decode = GanKit.Training.Data.TrainingDatasets.MeasureThroughput(dataset, b);
                }
            });
            var t = result!;
            AnsiConsole.MarkupLine($"train {r}×{r}, batch {b} on {target}: [green]{t.SecondsPerKimg:F2} s/kimg[/] " +
                                   $"({n} minibatches in {t.Seconds:F2} s; Gmain + Dmain each, Greg every 4, Dreg every 16; " +
                                   (augment is null ? "no augmentation" : $"augmentation {Markup.Escape(augment.Name ?? "custom")} at p {probability:0.##}") + "); " +
                                   $"resident memory {t.ResidentBefore / 1048576.0:F0} → {t.ResidentAfter / 1048576.0:F0} MiB over the timed minibatches");
            if (decode is { } d)
            {
                var dataSecondsPerKimg = d.MillisecondsPerImage; // ms per image = s per kimg
                AnsiConsole.MarkupLine($"data loading: {dataSecondsPerKimg:F2} s/kimg decoding ({d.ImagesPerSecond:F0} images/s) = " +
                                       $"[green]{dataSecondsPerKimg / t.SecondsPerKimg * 100:F1}% of the training time[/] " +
                                       "(decoded ahead in background workers, so hidden while under 100%)");
            }
            AnsiConsole.MarkupLine($"[grey]random reals, random initial weights; z {gConfig.ZDim}, w {gConfig.WDim}, {gConfig.Mapping.NumLayers} mapping layers, " +
                                   $"channel_base {gConfig.Synthesis.ChannelBase}, channel_max {gConfig.Synthesis.ChannelMax}; {t.Parameters / 1e6:F2}M parameters (G + D); " +
                                   $"TorchSharp {TorchRuntime.TorchSharpVersion}, libtorch {TorchRuntime.LibTorchVersion}, oneDNN {BenchCommand.OneDnn()}, {torch.get_num_threads()} threads[/]");
            return 0;
        }));
        return command;
    }

    /// <summary>FLOPs with a readable unit: 29.8 GFLOP, 3.54 MFLOP.</summary>
    private static string Flops(double flops) => flops >= 1e9 ? $"{flops / 1e9:F2} GFLOP" : flops >= 1e6 ? $"{flops / 1e6:F2} MFLOP" : $"{flops / 1e3:F2} kFLOP";

    private static int Positive(int value, string flag) =>
        value >= 1 ? value : throw new ArgumentException($"{flag} must be at least 1, got {value}");

    private static Command CreateOps()
    {
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("ops",
            "Per-call cost of a small op from C#, conv2d throughput, and the generator's stride-2 transposed conv, plain and grouped")
        {
            device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var target = CliArguments.ParseDevice(parse.GetValue(device)!);
            CliArguments.WideWhenRedirected();
            OpsBenchmark.Result? result = null;
            AnsiConsole.Status().Start("timing a small add", ctx => result = OpsBenchmark.Run(target, step => ctx.Status(step)));
            var r = result!;
            var table = new Table().AddColumns("work", "from C# (TorchSharp)", "time per call");
            table.AddRow($"add, {OpsBenchmark.SmallNumel} floats (CPU), best of 3 rounds", $"{r.AddMicros:F2} µs/call", "");
            table.AddRow($"conv2d {OpsBenchmark.ConvDescription} ({target})", $"{r.Conv.Gflops:F1} GFLOP/s", Milliseconds(r.Conv));
            foreach (var t in new[] { r.Transpose, r.GroupedTranspose })
                table.AddRow($"conv_transpose2d {OpsBenchmark.ConvTransposeDescription(t.Groups)} ({target})", $"{t.Timing.Gflops:F1} GFLOP/s", Milliseconds(t.Timing));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]{r.GroupedTranspose.Groups} groups: the batch folded into channel groups, one sample's weights each, as the " +
                                   "generator's fused modulated conv runs its up convs; transposed conv FLOPs counted as for GanKit's generator: " +
                                   $"2·N·Cin·Cout·9·H·W over the input; TorchSharp {TorchRuntime.TorchSharpVersion}, libtorch {TorchRuntime.LibTorchVersion}, oneDNN {BenchCommand.OneDnn()}, " +
                                   $"{torch.get_num_threads()} threads[/]");
            return 0;
        }));
        return command;
    }

    private static string Milliseconds(OpsBenchmark.Timing t) => $"{t.SecondsPerCall * 1e3:F1} ms (best of {t.Rounds} rounds of {t.Calls})";
}

/// <summary>The measurement behind <c>gankit bench generate</c>: a random-weight generator timed in inference.</summary>
internal static class GeneratorBenchmark
{
    /// <summary>What to build and how to time it.</summary>
    public sealed record Settings(int Resolution, int Batch, int Iterations, Device Device, int ChannelBase, int ChannelMax,
        int ZDim, int WDim, int MappingLayers, int NumFp16Res);

    /// <summary>Seconds per timed batch, with the configuration and its FLOP count.</summary>
    public sealed record Result(GeneratorConfig Config, GeneratorFlops Flops, int Batch, double[] SecondsPerBatch, long Parameters)
    {
        public double MeanSeconds => SecondsPerBatch.Average();
        public double ImagesPerSecond => Batch / MeanSeconds;
        public double Gflops => Flops.PerImage * Batch / MeanSeconds / 1e9;
    }

    /// <summary>The generator configuration: StyleGAN2-ADA's (conv_clamp 256 as with float16 layers) at the settings' sizes.</summary>
    public static GeneratorConfig Config(Settings s) =>
        new(s.ZDim, 0, s.WDim, s.Resolution, 3, new MappingConfig(NumLayers: s.MappingLayers),
            new SynthesisConfig(ChannelBase: s.ChannelBase, ChannelMax: s.ChannelMax, NumFp16Res: s.NumFp16Res, ConvClamp: 256));

    public static Result Run(Settings s, Action<int>? onBatch = null)
    {
        var config = Config(s);
        torch.manual_seed(0);
        using var G = new Generator(config);
        if (s.Device.type != DeviceType.CPU) G.to(s.Device);
        G.eval();
        var parameters = G.parameters().Sum(p => p.numel());
        using var inference = torch.inference_mode();
        using var z = torch.randn([s.Batch, config.ZDim], device: s.Device);

        void Batch()
        {
            using var scope = torch.NewDisposeScope();
            G.forward(z, null, 1, null, NoiseMode.Const);
            OpsBenchmark.Synchronize(s.Device);
        }

        // Warm-up: on the CPU the heap grows to the pass's working set over the first two passes (page faults);
        // on CUDA the convolution algorithm search.
        for (var i = 0; i < (s.Device.type == DeviceType.CUDA ? 3 : 2); i++) Batch();
        var seconds = new double[s.Iterations];
        for (var i = 0; i < s.Iterations; i++)
        {
            var clock = Stopwatch.StartNew();
            Batch();
            seconds[i] = clock.Elapsed.TotalSeconds;
            onBatch?.Invoke(i + 1);
        }
        return new Result(config, GeneratorFlops.Count(config), s.Batch, seconds, parameters);
    }
}

/// <summary>The measurements behind <c>gankit bench ops</c>; the conv2d part is also the reference peak of <c>bench generate</c>.</summary>
internal static class OpsBenchmark
{
    public const int SmallNumel = 64;
    private const int Batch = 8, Channels = 128, Size = 64;
    public static string ConvDescription => $"{Batch}×{Channels}×{Size}×{Size}, 3×3";
    public static string ConvTransposeDescription(int groups) => groups == 1
        ? $"{Batch}×{Channels}×{Size}×{Size}, 3×3, stride 2"
        : $"{Batch / groups}×{Channels * groups}×{Size}×{Size} in {groups} groups, 3×3, stride 2";

    /// <summary>
    /// Multiply-adds ×2 of a 3×3 convolution over the 64×64 input; a stride-2 transposed convolution of that input
    /// does the same products, scattered onto the 129×129 output (GeneratorFlops counts the up convs this way).
    /// </summary>
    private const double ConvFlops = 2.0 * Batch * Channels * Channels * 9 * Size * Size;

    /// <summary>The best seconds per call over <paramref name="Rounds"/> rounds of <paramref name="Calls"/> calls, and the GFLOP/s it gives.</summary>
    public sealed record Timing(double SecondsPerCall, int Calls, int Rounds)
    {
        public double Gflops => ConvFlops / SecondsPerCall / 1e9;
    }

    /// <summary>A stride-2 transposed convolution with its channels in <paramref name="Groups"/> groups, timed.</summary>
    public sealed record TransposeResult(int Groups, Timing Timing);

    /// <summary>Everything <c>bench ops</c> prints.</summary>
    public sealed record Result(double AddMicros, Timing Conv, TransposeResult Transpose, TransposeResult GroupedTranspose);

    public static Result Run(Device device, Action<string>? onStep = null)
    {
        var add = AddMicros();
        onStep?.Invoke("timing conv2d");
        var conv = Conv(device);
        onStep?.Invoke("timing conv_transpose2d");
        var transpose = ConvTranspose(device, groups: 1);
        onStep?.Invoke($"timing grouped conv_transpose2d ({Batch} groups)");
        var grouped = ConvTranspose(device, groups: Batch);
        return new Result(add, conv, transpose, grouped);
    }

    /// <summary>Waits for queued GPU work, so a clock read after it covers the work; nothing to wait for on the CPU.</summary>
    public static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA) torch.cuda.synchronize(device);
    }

    /// <summary>Microseconds per call of a 64-float add from C# on the CPU (best of three rounds, so a noisy neighbour does not decide).</summary>
    public static double AddMicros()
    {
        const int addCalls = 50_000;
        using var a = torch.randn(SmallNumel);
        using var b = torch.randn(SmallNumel);
        for (var i = 0; i < 1000; i++) { using var warm = a + b; }
        var best = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < addCalls; i++) { using var c = a + b; }
            best = Math.Min(best, clock.Elapsed.TotalSeconds / addCalls);
        }
        return best * 1e6;
    }

    /// <summary>A 3×3 conv2d on <see cref="ConvDescription"/>, padding 1 (best of two rounds of five calls).</summary>
    public static Timing Conv(Device device)
    {
        using var x = torch.randn([Batch, Channels, Size, Size], device: device);
        using var w = torch.randn([Channels, Channels, 3, 3], device: device);
        return Time(device, [() => F.conv2d(x, w, null, padding: [1, 1])], calls: 5, rounds: 2)[0];
    }

    /// <summary>
    /// The generator's up conv at the size of <see cref="Conv"/>: stride 2, no padding, weight [in, out/groups, 3, 3].
    /// With <paramref name="groups"/> = <see cref="Batch"/> the batch is folded into channel groups, as the generator's
    /// fused modulated convolution runs it (one sample's own weights per group); the work stays the same.
    /// </summary>
    public static TransposeResult ConvTranspose(Device device, int groups)
    {
        using var x = torch.randn([Batch / groups, Channels * groups, Size, Size], device: device);
        using var w = torch.randn([Channels * groups, Channels, 3, 3], device: device);
        return new TransposeResult(groups, Time(device, [() => F.conv_transpose2d(x, w, null, strides: [2, 2], groups: groups)], calls: 3, rounds: 3)[0]);
    }

    /// <summary>
    /// Best seconds per call of each op after one warm-up call each. Rounds alternate between the ops, so a burst of
    /// load from elsewhere on the machine slows one round of each rather than every round of one.
    /// </summary>
    private static Timing[] Time(Device device, Func<Tensor>[] ops, int calls, int rounds)
    {
        foreach (var op in ops)
        {
            using (op()) { }
        }
        Synchronize(device);
        var best = ops.Select(_ => double.MaxValue).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var k = 0; k < ops.Length; k++)
            {
                var clock = Stopwatch.StartNew();
                for (var i = 0; i < calls; i++) { using var y = ops[k](); }
                Synchronize(device);
                best[k] = Math.Min(best[k], clock.Elapsed.TotalSeconds / calls);
            }
        }
        return best.Select(b => new Timing(b, calls, rounds)).ToArray();
    }

}
