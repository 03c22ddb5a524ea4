using System.CommandLine;
using System.Diagnostics;
using GanKit.Networks;
using GanKit.Networks.Config;
using GanKit.Networks.Layers;
using GanKit.Torch;
using GanKit.Torch.Interop;
using Spectre.Console;
using F = GanKit.Torch.torch.nn.functional;

namespace GanKit.Cli.Commands;

/// <summary><c>gankit bench ...</c>: figures for the README, never assertions.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "Measure speed: bridge overhead, generation throughput");
        command.Subcommands.Add(CreateOps());
        command.Subcommands.Add(CreateGenerate());
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

            WideWhenRedirected();
            GeneratorBenchmark.Result? result = null;
            OpsBenchmark.ConvResult? peak = null;
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
            table.AddRow($"conv2d {OpsBenchmark.ConvDescription} ({settings.Device}), the bench ops peak", "", "",
                $"{peak!.ManagedGflops:F1} (C++ loop in the bridge: {peak.NativeGflops:F1})");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"generate {r}×{r} batch {settings.Batch} on {settings.Device}: [green]{g.ImagesPerSecond:F2} images/s[/], " +
                                   $"{g.Gflops:F1} GFLOP/s achieved = [green]{g.Gflops / peak.ManagedGflops * 100:F0}% of the conv2d peak[/] " +
                                   $"({peak.ManagedGflops:F1} GFLOP/s)");
            AnsiConsole.MarkupLine($"[grey]counted per image: modulated 3×3 convs {Flops(flops.Of(FlopKind.Conv))}, tRGB {Flops(flops.Of(FlopKind.ToRgb))}, " +
                                   $"affine maps {Flops(flops.Of(FlopKind.Affine))}, mapping {Flops(flops.Of(FlopKind.Mapping))} (a multiply-add is 2 FLOPs; the up " +
                                   "convs as stride-2 transposed convs, though the CPU runs them in polyphase form, 16/9 of that work). Not counted: FIR filters, weight modulation/demodulation, bias, " +
                                   "activation, noise.[/]");
            var c = g.Config;
            var channels = string.Join(" ", Enumerable.Range(2, (int)Math.Log2(r) - 1).Select(i => 1 << i)
                .Select(res => $"{res}:{Math.Min(c.Synthesis.ChannelBase / res, c.Synthesis.ChannelMax)}"));
            AnsiConsole.MarkupLine($"[grey]random weights; z {c.ZDim}, w {c.WDim}, {c.Mapping.NumLayers} mapping layers, channel_base {c.Synthesis.ChannelBase}, " +
                                   $"channel_max {c.Synthesis.ChannelMax} (channels {channels}), {g.Parameters / 1e6:F2}M parameters, " +
                                   $"{(settings.Device.Type == DeviceType.CUDA && c.Synthesis.NumFp16Res > 0 ? $"float16 on the top {c.Synthesis.NumFp16Res} resolutions" : "float32")}; " +
                                   $"eval mode, inference mode, const noise; libtorch {torch.__version__}, {torch.get_num_threads()} threads[/]");
            return 0;
        }));
        return command;
    }

    /// <summary>FLOPs with a readable unit: 29.8 GFLOP, 3.54 MFLOP.</summary>
    private static string Flops(double flops) => flops >= 1e9 ? $"{flops / 1e9:F2} GFLOP" : flops >= 1e6 ? $"{flops / 1e6:F2} MFLOP" : $"{flops / 1e3:F2} kFLOP";

    /// <summary>Keeps tables and notes on one line each in logs and pipes, where Spectre would wrap them at 80 columns.</summary>
    private static void WideWhenRedirected()
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 400);
    }

    private static int Positive(int value, string flag) =>
        value >= 1 ? value : throw new ArgumentException($"{flag} must be at least 1, got {value}");

    private static Command CreateOps()
    {
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("ops", "Per-call cost of a small op and large-conv2d throughput, each beside the same work timed inside the bridge")
        {
            device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var target = CliArguments.ParseDevice(parse.GetValue(device)!);
            WideWhenRedirected();
            var result = OpsBenchmark.Run(target);
            var table = new Table().AddColumns("work", "from C# (GanKit)", "C++ loop in the bridge", "ratio (C# / C++)");
            table.AddRow($"add, {OpsBenchmark.SmallNumel} floats (CPU)", $"{result.AddManagedMicros:F2} µs/call",
                $"{result.AddNativeMicros:F2} µs/call (at::add); {result.AddBoxedMicros:F2} µs boxed",
                $"{result.AddManagedMicros / result.AddNativeMicros:F2}× time");
            table.AddRow($"conv2d {OpsBenchmark.ConvDescription} ({target})", $"{result.ConvManagedGflops:F1} GFLOP/s",
                $"{result.ConvNativeGflops:F1} GFLOP/s", $"{result.ConvNativeGflops / result.ConvManagedGflops:F3}× time");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"[grey]libtorch {torch.__version__}, {torch.get_num_threads()} threads[/]");
            return 0;
        }));
        return command;
    }
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
        if (s.Device != Device.CPU) G.to(s.Device);
        G.eval();
        var parameters = G.parameters().Sum(p => p.numel());
        using var inference = torch.inference_mode();
        using var z = torch.randn([s.Batch, config.ZDim], device: s.Device);

        void Batch()
        {
            using var scope = torch.NewDisposeScope();
            G.forward(z, null, 1, null, NoiseMode.Const);
            torch.cuda.synchronize();
        }

        // Warm-up: on the CPU the heap grows to the pass's working set over the first two passes (page faults);
        // on CUDA the convolution algorithm search.
        for (var i = 0; i < (s.Device.Type == DeviceType.CUDA ? 3 : 2); i++) Batch();
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

    public sealed record Result(double AddManagedMicros, double AddNativeMicros, double AddBoxedMicros, double ConvManagedGflops, double ConvNativeGflops);

    /// <summary>Per-call overhead of a small add: from C#, and in C++ loops inside the bridge (direct and boxed).</summary>
    public sealed record AddResult(double ManagedMicros, double NativeMicros, double BoxedMicros);

    /// <summary>Large-conv2d throughput in GFLOP/s: called from C#, and in a C++ loop inside the bridge.</summary>
    public sealed record ConvResult(double ManagedGflops, double NativeGflops);

    public static Result Run(Device device)
    {
        var add = Add();
        var conv = Conv(device);
        return new Result(add.ManagedMicros, add.NativeMicros, add.BoxedMicros, conv.ManagedGflops, conv.NativeGflops);
    }

    public static AddResult Add()
    {
        const int addCalls = 50_000;
        using var a = torch.randn([SmallNumel]);
        using var b = torch.randn([SmallNumel]);
        for (var i = 0; i < 1000; i++) { using var warm = a + b; }
        // Best of three rounds for both sides, so a noisy neighbour does not decide the ratio.
        var managed = double.MaxValue;
        var native = double.MaxValue;
        var boxed = double.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < addCalls; i++) { using var c = a + b; }
            managed = Math.Min(managed, clock.Elapsed.TotalSeconds / addCalls);
            NativeMethods.Check(NativeMethods.gk_bench_add(SmallNumel, addCalls, out var inBridge), "bench add");
            native = Math.Min(native, inBridge);
            NativeMethods.Check(NativeMethods.gk_bench_add_boxed(SmallNumel, addCalls, out var inBridgeBoxed), "bench add");
            boxed = Math.Min(boxed, inBridgeBoxed);
        }
        return new AddResult(managed * 1e6, native * 1e6, boxed * 1e6);
    }

    /// <summary>A 3×3 conv2d on <see cref="ConvDescription"/> (best of two rounds of five calls on each side).</summary>
    public static ConvResult Conv(Device device)
    {
        const int convCalls = 5;
        var flops = 2.0 * Batch * Channels * Channels * 9 * Size * Size;
        using var x = torch.randn([Batch, Channels, Size, Size], device: device);
        using var w = torch.randn([Channels, Channels, 3, 3], device: device);
        using (F.conv2d(x, w, null, padding: 1)) { }
        torch.cuda.synchronize();
        var convManaged = double.MaxValue;
        var convNative = double.MaxValue;
        for (var round = 0; round < 2; round++)
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < convCalls; i++) { using var y = F.conv2d(x, w, null, padding: 1); }
            torch.cuda.synchronize();
            convManaged = Math.Min(convManaged, clock.Elapsed.TotalSeconds / convCalls);
            NativeMethods.Check(NativeMethods.gk_bench_conv2d(Batch, Channels, Size, convCalls, (int)device.Type, out var inBridge), "bench conv2d");
            convNative = Math.Min(convNative, inBridge);
        }
        return new ConvResult(flops / convManaged / 1e9, flops / convNative / 1e9);
    }
}
