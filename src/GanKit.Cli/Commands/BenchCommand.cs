using System.CommandLine;
using System.Diagnostics;
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
        return command;
    }

    private static Command CreateOps()
    {
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("ops", "Per-call cost of a small op and large-conv2d throughput, each beside the same work timed inside the bridge")
        {
            device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var target = Device.Parse(parse.GetValue(device)!);
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

/// <summary>The measurements behind <c>gankit bench ops</c>.</summary>
internal static class OpsBenchmark
{
    public const int SmallNumel = 64;
    private const int Batch = 8, Channels = 128, Size = 64;
    public static string ConvDescription => $"{Batch}×{Channels}×{Size}×{Size}, 3×3";

    public sealed record Result(double AddManagedMicros, double AddNativeMicros, double AddBoxedMicros, double ConvManagedGflops, double ConvNativeGflops);

    public static Result Run(Device device)
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
        return new Result(managed * 1e6, native * 1e6, boxed * 1e6, flops / convManaged / 1e9, flops / convNative / 1e9);
    }
}
