using GanKit.Networks;
using GanKit.Networks.Config;
using Xunit.Abstractions;

namespace GanKit.Tests.Latent.InterpolationVideos;

/// <summary>
/// Streaming keeps memory flat: while a 240-frame video at 256² is written, resident memory at the end is no higher than
/// a quarter of the way in (after warming up), where holding the frames would add 192 KiB for each of the 180 later
/// frames (34 MiB). The run caps the .NET heap at 32 MiB (<c>DOTNET_GCHeapHardLimit</c>): frames kept as .NET arrays
/// could not fit at all, and the garbage collector cannot put off collections, which otherwise lets the heap drift up
/// by tens of MiB before it runs. The generator is a narrow 256² network (1 to 8 channels) so the test measures the
/// video path, not synthesis. Nothing is timed.
/// </summary>
public sealed class InterpolationMemoryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-interpolate-memory-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes a randomly initialised 256² generator with 1 to 8 channels per layer.</summary>
    internal static string NarrowNetwork(string folder, int resolution = 256)
    {
        var config = new GeneratorConfig(ZDim: 32, CDim: 0, WDim: 32, ImgResolution: resolution, ImgChannels: 3,
            new MappingConfig(NumLayers: 2), new SynthesisConfig(ChannelBase: resolution, ChannelMax: 8));
        torch.manual_seed(256);
        var G = new Generator(config);
        G.eval();
        var path = Path.Combine(folder, $"narrow{resolution}.safetensors");
        NetworkFile.Save(path, G);
        return path;
    }

    [Theory]
    [InlineData("mp4")]
    [InlineData("png")]
    public void MemoryStaysFlatWhileStreaming(string format)
    {
        var network = NarrowNetwork(_dir);
        var environment = new Dictionary<string, string?> { ["DOTNET_GCHeapHardLimit"] = "0x2000000" };
        // Spectre's progress bar, redirected, prints lines such as "frames → ffmpeg: 26%".
        static bool QuarterWay(string line) =>
            System.Text.RegularExpressions.Regex.Match(line, @": (\d+)%") is { Success: true } m && int.Parse(m.Groups[1].Value) >= 25;
        var (result, peak, ffmpegPeak, atQuarter) = VideoProcess.Run(_dir, environment, TimeSpan.FromMinutes(8), QuarterWay,
            "interpolate", "--network", network, "--seeds", "1,2,3", "--loop", "--frames-per-transition", "80", "--out", $"loop.{format}",
            "--device", "cpu");
        Assert.True(result.ExitCode == 0, result.ToString());
        var probe = VideoProcess.Probe(Path.Combine(_dir, $"loop.{format}"));
        Assert.Equal((256, 256, 240), (probe.Width, probe.Height, probe.DecodedFrames));
        output.WriteLine($"resident memory, {format} at 256², 240 frames: {atQuarter >> 20} MiB a quarter of the way, peak {peak >> 20} MiB " +
                         $"(ffmpeg peak {ffmpegPeak >> 20} MiB)");
        Assert.True(atQuarter > 0, $"no progress line reached 25%:\n{result.Stdout}");
        // Holding the 180 later frames would add 34 MiB; allow 24 (native allocator and GC noise measured up to 18).
        Assert.True(peak - atQuarter < 24L << 20,
            $"resident memory grew from {atQuarter >> 20} MiB a quarter of the way to a peak of {peak >> 20} MiB: frames are being held");
        Assert.True(peak < 1L << 30, $"240 frames at 256² peaked at {peak >> 20} MiB");
    }
}
