using System.Globalization;
using System.Text.RegularExpressions;
using GanKit.Networks;
using GanKit.Networks.Config;

namespace GanKit.Tests.Cli;

/// <summary><c>gankit bench generate</c> on a tiny configuration: it runs, and its figures are consistent.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double Number(string output, string pattern)
    {
        var match = Regex.Match(output, pattern);
        Assert.True(match.Success, $"'{pattern}' not in\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void GenerateReportsThroughputAndFlopsBesideTheConvPeak()
    {
        var result = CliProcess.Succeeds(_dir, "bench", "generate", "--resolution", "16", "--batch", "2", "--iterations", "2", "--device", "cpu",
            "--channel-base", "256", "--channel-max", "32", "--z-dim", "16", "--w-dim", "24", "--mapping-layers", "2");
        var text = result.Stdout;

        var config = new GeneratorConfig(16, 0, 24, 16, 3, new MappingConfig(NumLayers: 2), new SynthesisConfig(ChannelBase: 256, ChannelMax: 32));
        var perImage = GeneratorFlops.Count(config).PerImage;
        Assert.Equal(perImage / 1e6, Number(text, @"([0-9.]+) MFLOP/image counted"), 0.01);

        // The table row: mean time per batch, images/s and GFLOP/s must agree with each other and with the count.
        var meanMs = Number(text, @"([0-9.]+) ms \(min");
        var imagesPerSecond = Number(text, @"; 2 batches\)\s*[│|]\s*([0-9.]+)\s*[│|]");
        Assert.Equal(2 / (meanMs / 1e3), imagesPerSecond, imagesPerSecond * 0.02 + 0.01);
        var gflops = Number(text, @"images/s, ([0-9.]+) GFLOP/s achieved");
        Assert.Equal(perImage * imagesPerSecond / 1e9, gflops, gflops * 0.02 + 0.05);
        var peak = Number(text, @"of the conv2d peak \(([0-9.]+) GFLOP/s\)");
        Assert.True(peak > 0);
        var percent = Number(text, @"= ([0-9]+)% of the conv2d peak");
        Assert.Equal(gflops / peak * 100, percent, 1.0);
        Assert.Contains("Not counted: FIR filters", text);
    }

    [Theory]
    [InlineData("--resolution", "48")]
    [InlineData("--batch", "0")]
    [InlineData("--iterations", "-1")]
    [InlineData("--channel-max", "0")]
    public void BadSizesAreNamed(string flag, string value) =>
        CliProcess.FailsCleanly(_dir, ["bench", "generate", "--resolution", "8", "--channel-base", "32", flag, value], flag);

    [Fact]
    public void RecoveryPrintsOnePsnrPerSeedWithMinimumAndMean()
    {
        var result = CliProcess.Succeeds(_dir, "bench", "recovery", "--network", Fixtures.Path("network-snapshot.pkl"), "--seeds", "5,6",
            "--num-steps", "4", "--space", "w", "--starts", "2", "--device", "cpu");
        var text = result.Stdout;
        var row = Regex.Match(text, @"[│|]\s*w\s*[│|]\s*([0-9.]+)\s*[│|]\s*([0-9.]+)\s*[│|]\s*([0-9.]+)\s*[│|]\s*([0-9.]+)\s*[│|]");
        Assert.True(row.Success, text);
        var values = Enumerable.Range(1, 4).Select(i => double.Parse(row.Groups[i].Value, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(Math.Min(values[0], values[1]), values[2], 0.051);
        Assert.Equal((values[0] + values[1]) / 2, values[3], 0.051);
        Assert.Matches(@"4 steps, w noise [0-9.]+ σ_w, 2 start\(s\), offline loss .*; D-feature distance below w_avg's in [0-2] of 2", text);
    }

    [Fact]
    public void RecoveryNamesABadStartCount() =>
        CliProcess.FailsCleanly(_dir, ["bench", "recovery", "--network", Fixtures.Path("network-snapshot.pkl"), "--starts", "0"], "--starts");

    [Fact]
    public void RecoveryNamesABadNoiseStrength() =>
        CliProcess.FailsCleanly(_dir, ["bench", "recovery", "--network", Fixtures.Path("network-snapshot.pkl"), "--w-noise", "-1"], "--w-noise");
}
