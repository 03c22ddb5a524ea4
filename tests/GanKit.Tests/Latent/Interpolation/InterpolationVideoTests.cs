using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Tests.Cli;
using GanKit.Tests.Visuals;

namespace GanKit.Tests.Latent.InterpolationVideos;

public sealed class InterpolationVideoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-interpolate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Mp4HasTheRequestedFramesSizeAndRate()
    {
        var run = CliProcess.Succeeds(_dir, "interpolate", "--network", InterpolationTestNetwork.Path, "--seeds", "85,100,75",
            "--frames-per-transition", "7", "--loop", "--space", "w", "--fps", "24", "--out", "loop.mp4", "--device", "cpu");
        Assert.Contains("21 frames 32×32 at 24 fps", run.Stdout);
        var probe = VideoProcess.Probe(Path.Combine(_dir, "loop.mp4"));
        Assert.Equal(new ProbedVideo("h264", 32, 32, "24/1", 21), probe);
        Assert.Equal(["loop.mp4"], Directory.GetFiles(_dir).Select(Path.GetFileName)); // no temporary file left

        // An open path in Z with easing and a fractional rate: (K − 1) · F + 1 frames.
        CliProcess.Succeeds(_dir, "interpolate", "--network", InterpolationTestNetwork.Path, "--seeds", "1-4",
            "--frames-per-transition", "5", "--space", "z", "--easing", "smoothstep", "--fps", "12.5", "--layers", "0-3",
            "--psi", "0.7", "--out", "sub/path.mp4", "--device", "cpu");
        Assert.Equal(new ProbedVideo("h264", 32, 32, "25/2", 16), VideoProcess.Probe(Path.Combine(_dir, "sub", "path.mp4")));
    }

    [Fact]
    public void ApngDecodesWithTheFrameCount()
    {
        CliProcess.Succeeds(_dir, "interpolate", "--network", InterpolationTestNetwork.Path, "--seeds", "85,100,75",
            "--frames-per-transition", "6", "--loop", "--easing", "cosine", "--fps", "12", "--out", "loop.png", "--device", "cpu");
        var file = Path.Combine(_dir, "loop.png");
        var chunks = PngFiles.ReadChunks(File.ReadAllBytes(file));
        var actl = chunks.Single(c => c.Type == "acTL").Data;
        Assert.Equal(18, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(actl));
        Assert.Equal(18, chunks.Count(c => c.Type == "fcTL"));
        // An independent decoder (ffmpeg's APNG demuxer) plays every frame.
        var probe = VideoProcess.Probe(file);
        Assert.Equal(("apng", 32, 32, 18), (probe.Codec, probe.Width, probe.Height, probe.DecodedFrames));
        // Frame 0 (the IDAT image that viewers without APNG show) is the first seed's image.
        using var ws = InterpolationTestNetwork.G.SeedsToWs([85]);
        using var image = InterpolationTestNetwork.G.synthesis.forward(ws, GanKit.Networks.Layers.NoiseMode.Const);
        var expected = TensorImageConversion.ToImages(image)[0];
        var decoded = RgbImage.Load(file).Pixels.ToArray();
        // Within one level: the CLI synthesised the frame in a batch, which may round differently in the last bit.
        Assert.True(expected.Pixels.ToArray().Zip(decoded).All(p => Math.Abs(p.First - p.Second) <= 1), "frame 0 is not seed 85's image");
    }

    [Fact]
    public void ApngWriterWritesWhatAnimationWrites()
    {
        // Streamed frame by frame, the file is byte for byte the in-memory Animation's, for whole and fractional rates.
        var frames = Enumerable.Range(0, 9).Select(i => RgbImage.Solid(20, 12, (byte)(i * 25), 90, (byte)(200 - i * 20))).ToList();
        foreach (var fps in new[] { 24.0, 12.5 })
        {
            var file = Path.Combine(_dir, $"solid{fps}.png");
            var counts = new List<int>();
            Assert.Equal(9, ApngWriter.Write(file, frames, fps, counts.Add));
            Assert.Equal(Enumerable.Range(1, 9), counts);
            Assert.Equal(new Animation(frames, fps).ToApng(), File.ReadAllBytes(file));
        }

        // Abandoned, mismatched or empty animations leave nothing behind.
        using (var writer = new ApngWriter(Path.Combine(_dir, "abandoned.png"), 10))
        {
            writer.WriteFrame(frames[0]);
            Assert.Contains("the animation is 20x12",
                Assert.Throws<ArgumentException>(() => writer.WriteFrame(RgbImage.Solid(8, 8, 0, 0, 0))).Message);
        }
        Assert.Throws<ArgumentException>(() => ApngWriter.Write(Path.Combine(_dir, "none.png"), [], 10));
        Assert.Contains("does not end in .png", Assert.Throws<ArgumentException>(() => new ApngWriter(Path.Combine(_dir, "x.gif"), 10)).Message);
        Assert.Equal(["solid12.5.png", "solid24.png"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void LibrarySaveWritesByExtension()
    {
        // The notebook API: Save picks the format from the name; ToAnimation gives the inline animation.
        var G = InterpolationTestNetwork.G;
        using var path = InterpolationPath.FromSeeds(G, [85, 100, 75], InterpolationSpace.Z, 3, loop: true, Easing.Cosine);
        var apng = Path.Combine(_dir, "z.apng");
        Assert.Equal(9, path.Save(G, apng, fps: 9));
        var animation = path.ToAnimation(G, fps: 9);
        Assert.Equal(animation.ToApng(), File.ReadAllBytes(apng));
        Assert.Contains("loop through 3 keyframes in Z", animation.Caption);
        Assert.Equal(9, path.Save(G, Path.Combine(_dir, "z.mp4"), fps: 9));
        Assert.Equal(new ProbedVideo("h264", 32, 32, "9/1", 9), VideoProcess.Probe(Path.Combine(_dir, "z.mp4")));
        Assert.Contains("must end in .mp4", Assert.Throws<ArgumentException>(() => path.Save(G, Path.Combine(_dir, "z.gif"))).Message);
        Assert.Equal(["z.apng", "z.mp4"], Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void MissingFfmpegIsOneClearLineBeforeAnyWork()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty-path")).FullName;
        var (result, _, _) = VideoProcess.Run(_dir, new Dictionary<string, string?> { ["PATH"] = empty }, TimeSpan.FromSeconds(60),
            "interpolate", "--network", InterpolationTestNetwork.Path, "--seeds", "85,100", "--out", "loop.mp4", "--device", "cpu");
        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, result.ToString());
        Assert.StartsWith("error: ffmpeg was not found on PATH", lines[0]);
        Assert.Contains("apt-get install ffmpeg", lines[0]);
        Assert.Contains("--out name.png", lines[0]); // says what works without it
        Assert.DoesNotContain("Loading", result.Stdout); // refused before the network was read
        Assert.Empty(Directory.GetFiles(_dir));

        // The animated PNG needs no ffmpeg.
        var (png, _, _) = VideoProcess.Run(_dir, new Dictionary<string, string?> { ["PATH"] = empty }, TimeSpan.FromSeconds(60),
            "interpolate", "--network", InterpolationTestNetwork.Path, "--seeds", "85,100", "--frames-per-transition", "3",
            "--out", "loop.png", "--device", "cpu");
        Assert.True(png.ExitCode == 0, png.ToString());
        Assert.Equal(4, PngFiles.ReadChunks(File.ReadAllBytes(Path.Combine(_dir, "loop.png"))).Count(c => c.Type == "fcTL"));
    }

    [Fact]
    public void BadInputIsOneClearLine()
    {
        string[] Args(params string[] extra) => ["interpolate", "--network", InterpolationTestNetwork.Path, "--device", "cpu", .. extra];
        CliProcess.FailsCleanly(_dir, Args("--seeds", "85", "--out", "a.mp4"), "--seeds: an interpolation needs at least 2 seeds, got 1");
        CliProcess.FailsCleanly(_dir, Args("--seeds", "", "--out", "a.mp4"), "--seeds is empty: give at least 2 keyframe seeds");
        CliProcess.FailsCleanly(_dir, Args("--seeds", "  ", "--out", "a.png"), "--seeds is empty");
        CliProcess.FailsCleanly(_dir, Args("--seeds", "1,2", "--out", "a.gif"), "--out 'a.gif' must end in .mp4 (H.264 video via ffmpeg; also .m4v, .mov) or .png (animated PNG; also .apng)");
        CliProcess.FailsCleanly(_dir, Args("--seeds", "1,2", "--out", "a.mp4", "--space", "q"), "--space 'q' is not one of w, z");
        CliProcess.FailsCleanly(_dir, Args("--seeds", "1,2", "--out", "a.mp4", "--easing", "bounce"), "--easing 'bounce'");
        CliProcess.FailsCleanly(_dir, Args("--seeds", "1,2", "--out", "a.mp4", "--fps", "0"), "--fps must be a positive number");
        CliProcess.FailsCleanly(_dir, Args("--seeds", "1,2", "--out", "a.mp4", "--frames-per-transition", "0"), "--frames-per-transition must be at least 1");
        CliProcess.FailsCleanly(_dir, Args("--seeds", "1,2", "--out", "a.mp4", "--layers", "0-20"), "--layers: ws index 20 is outside 0..7");
    }

    [Fact]
    public void WriterStreamsFramesAtomically()
    {
        var frames = Enumerable.Range(0, 40).Select(i => RgbImage.Solid(64, 48, (byte)(i * 6), 40, (byte)(255 - i * 6)));
        var path = Path.Combine(_dir, "solid.mp4");
        var written = new List<int>();
        Assert.Equal(40, FfmpegVideo.Write(path, frames, 20, written.Add));
        Assert.Equal(Enumerable.Range(1, 40), written);
        Assert.Equal(new ProbedVideo("h264", 64, 48, "20/1", 40), VideoProcess.Probe(path));

        // Abandoned or failing videos leave nothing behind.
        using (var writer = new VideoWriter(Path.Combine(_dir, "abandoned.mp4"), 64, 48, 10))
        {
            writer.WriteFrame(RgbImage.Solid(64, 48, 1, 2, 3));
            Assert.Throws<ArgumentException>(() => writer.WriteFrame(RgbImage.Solid(32, 48, 1, 2, 3)));
        }
        Assert.Equal(["solid.mp4"], Directory.GetFiles(_dir).Select(Path.GetFileName));
        Assert.Contains("even width and height", Assert.Throws<ArgumentException>(() => new VideoWriter(Path.Combine(_dir, "odd.mp4"), 33, 32, 10)).Message);
        Assert.Throws<ArgumentException>(() => FfmpegVideo.Write(Path.Combine(_dir, "none.mp4"), [], 10));
        Assert.Contains("does not end in", Assert.Throws<ArgumentException>(() => FfmpegVideo.Write(Path.Combine(_dir, "x.avi"), frames, 10)).Message);
        Assert.Equal(["solid.mp4"], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }
}
