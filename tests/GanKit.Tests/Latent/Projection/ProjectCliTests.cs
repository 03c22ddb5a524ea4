using GanKit.Formats.Numpy;
using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Networks;
using GanKit.Tests.Cli;

namespace GanKit.Tests.Latent.Projection;

/// <summary><c>gankit project</c> and <c>gankit generate --projected-w</c> as a user runs them.</summary>
public sealed class ProjectCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-project-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Target()
    {
        var path = Path.Combine(_dir, "photo.png");
        if (!File.Exists(path))
        {
            // A 48×40 picture: centre-cropped to 40×40 and resized to the network's 32×32.
            var rgb = new byte[48 * 40 * 3];
            for (var i = 0; i < rgb.Length; i++) rgb[i] = (byte)(i * 7 % 251);
            RgbImage.FromRgb(48, 40, rgb).Save(path);
        }
        return path;
    }

    [Fact]
    public void ProjectsAndWritesEveryOutputThenGenerateReadsTheLatent()
    {
        var outdir = Path.Combine(_dir, "out");
        var run = CliProcess.Run(_dir, "project", "--network", ProjectionFixtures.NetworkPickle, "--target", Target(), "--num-steps", "4",
            "--space", "wplus", "--save-video", "--frame-every", "2", "--outdir", outdir);
        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var name in new[] { "target.png", "proj.png", "projected_w.npz", "projected_w.safetensors", "proj.mp4", "proj-steps.png" })
            Assert.True(File.Exists(Path.Combine(outdir, name)), $"{name} missing\n{run}");
        Assert.Contains("PSNR", run.Stdout);
        var target = RgbImage.Load(Path.Combine(outdir, "target.png"));
        Assert.Equal((32, 32), (target.Width, target.Height));
        using var w = ProjectedLatents.Load(Path.Combine(outdir, "projected_w.npz"), numWs: 8, wDim: 64);

        // Frames at steps 1, 2, 4: target | projection, enlarged 8× to 512×256.
        var apng = File.ReadAllBytes(Path.Combine(outdir, "proj-steps.png"));
        var actl = apng.AsSpan().IndexOf("acTL"u8);
        Assert.True(actl > 0, "proj-steps.png is not an animated PNG");
        Assert.Equal(3, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(apng.AsSpan(actl + 4)));
        var first = RgbImage.Load(Path.Combine(outdir, "proj-steps.png"));
        Assert.Equal((512, 256), (first.Width, first.Height));

        var gen = Path.Combine(_dir, "gen");
        var generated = CliProcess.Run(_dir, "generate", "--network", ProjectionFixtures.NetworkPickle, "--projected-w",
            Path.Combine(outdir, "projected_w.npz"), "--outdir", gen);
        Assert.True(generated.ExitCode == 0, generated.ToString());
        Assert.True(File.Exists(Path.Combine(gen, "proj00.png")), generated.ToString());
    }

    [Fact]
    public void InterpolateRunsThroughProjectedLatents()
    {
        using (var nets = NetworkFile.Load(ProjectionFixtures.NetworkPickle))
        {
            using var ws = nets.G_ema.SeedsToWs([3u, 4u, 5u]);
            ProjectedLatents.Save(Path.Combine(_dir, "a.npz"), ws.narrow(0, 0, 1));
            ProjectedLatents.Save(Path.Combine(_dir, "bc.npz"), ws.narrow(0, 1, 2));
        }
        // Three keyframes from two files (1 + 2 rows), 2 frames per transition: 5 frames, the first being a.npz's face.
        CliProcess.Succeeds(_dir, "interpolate", "--network", ProjectionFixtures.NetworkPickle, "--projected-w", "a.npz,bc.npz",
            "--frames-per-transition", "2", "--out", "path.png");
        var apng = File.ReadAllBytes(Path.Combine(_dir, "path.png"));
        var actl = apng.AsSpan().IndexOf("acTL"u8);
        Assert.True(actl > 0, "path.png is not an animated PNG");
        Assert.Equal(5, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(apng.AsSpan(actl + 4)));
        CliProcess.Succeeds(_dir, "generate", "--network", ProjectionFixtures.NetworkPickle, "--projected-w", "a.npz", "--outdir", "gen");
        Assert.Equal(RgbImage.Load(Path.Combine(_dir, "gen", "proj00.png")).Pixels, RgbImage.Load(Path.Combine(_dir, "path.png")).Pixels);

        string[] Interpolate(params string[] extra) =>
            ["interpolate", "--network", ProjectionFixtures.NetworkPickle, "--out", "bad.png", .. extra];
        CliProcess.FailsCleanly(_dir, Interpolate("--projected-w", "a.npz", "--seeds", "1,2"), "not both");
        CliProcess.FailsCleanly(_dir, Interpolate("--projected-w", "a.npz"), "at least 2 latents", "a.npz");
        CliProcess.FailsCleanly(_dir, Interpolate("--projected-w", "a.npz,bc.npz", "--space", "z"), "use --space w");
        CliProcess.FailsCleanly(_dir, Interpolate("--projected-w", "a.npz,missing.npz"), "'missing.npz' does not exist");
        Assert.False(File.Exists(Path.Combine(_dir, "bad.png")));
    }

    [Fact]
    public void UnreadableTargetIsOneClearError()
    {
        var bad = Path.Combine(_dir, "photo.jpg");
        File.WriteAllText(bad, "this is not a JPEG");
        CliProcess.FailsCleanly(_dir, ["project", "--network", ProjectionFixtures.NetworkPickle, "--target", bad, "--outdir", Path.Combine(_dir, "o")],
            "photo.jpg", "is not a PNG, JPEG or WebP image");
    }

    [Fact]
    public void FolderAsTargetIsOneClearError() =>
        CliProcess.FailsCleanly(_dir, ["project", "--network", ProjectionFixtures.NetworkPickle, "--target", _dir, "--outdir", Path.Combine(_dir, "o")],
            "is a folder", "expected one PNG, JPEG or WebP image file");

    [Fact]
    public void TinyTargetIsOneClearError()
    {
        var one = Path.Combine(_dir, "dot.png");
        RgbImage.Solid(1, 1, 10, 20, 30).Save(one);
        CliProcess.FailsCleanly(_dir, ["project", "--network", ProjectionFixtures.NetworkPickle, "--target", one, "--outdir", Path.Combine(_dir, "o")],
            "dot.png", "at least 2×2 pixels");
    }

    [Fact]
    public void NetworkWithoutDiscriminatorNeedsAnotherLoss()
    {
        var gOnly = Path.Combine(_dir, "g-only.safetensors");
        using (var nets = NetworkFile.Load(ProjectionFixtures.NetworkPickle)) NetworkFile.Save(gOnly, nets.G_ema);
        CliProcess.FailsCleanly(_dir, ["project", "--network", gOnly, "--target", Target(), "--outdir", Path.Combine(_dir, "o")],
            "discriminator", "--loss-weights dfeat=0");
    }

    [Fact]
    public void OutdirInsideAFileIsOneClearError()
    {
        var file = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(file, "a file");
        CliProcess.FailsCleanly(_dir, ["project", "--network", ProjectionFixtures.NetworkPickle, "--target", Target(), "--outdir", Path.Combine(file, "out")],
            "--outdir", "notes.txt' is a file");
    }

    [Fact]
    public void MissingLpipsFileSaysWhereTheReferenceGetsIt()
    {
        CliProcess.FailsCleanly(_dir, ["project", "--network", ProjectionFixtures.NetworkPickle, "--target", Target(), "--lpips",
            Path.Combine(_dir, "vgg16.pt"), "--outdir", Path.Combine(_dir, "o")], "https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/vgg16.pt");
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "cache")).FullName;
        var run = CliProcess.RunWith(new Dictionary<string, string?> { ["GANKIT_CACHE"] = empty }, _dir, "project", "--network", ProjectionFixtures.NetworkPickle,
            "--target", Target(), "--loss-weights", "lpips=1", "--outdir", Path.Combine(_dir, "o"));
        CliProcess.AssertFailsCleanly(run, "vgg16.pt", "https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/vgg16.pt", "--lpips PATH");
    }
}
