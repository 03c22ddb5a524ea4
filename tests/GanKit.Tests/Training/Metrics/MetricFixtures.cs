using GanKit.Formats.Numpy;

namespace GanKit.Tests.Training.Metrics;

/// <summary>
/// The committed metric fixtures (made by <c>make_fixtures.py</c> in this folder with NumPy, SciPy and PyTorch),
/// read from the source tree so the test project needs no copy rules.
/// </summary>
internal static class MetricFixtures
{
    private static readonly Lazy<string> Location = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "GanKit.sln")))
                return System.IO.Path.Combine(dir.FullName, "tests", "GanKit.Tests", "Training", "Metrics");
        }
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds GanKit.sln");
    });

    public static string Path(string name) => System.IO.Path.Combine(Location.Value, name);

    public static Dictionary<string, Tensor> Npz(string name) => global::GanKit.Formats.Numpy.Npz.ReadTensors(Path(name));

    /// <summary>Smooth random uint8 images [n, 3, res, res]: upsampled colour noise plus a little fine noise.</summary>
    public static Tensor SmoothImages(int n, int res, long seed)
    {
        using var scope = torch.NewDisposeScope();
        var g = new torch.Generator((ulong)seed, torch.CPU);
        var coarse = torch.randn([n, 3, res / 4, res / 4], generator: g);
        var x = torch.nn.functional.interpolate(coarse, [res, res], mode: torch.InterpolationMode.Bilinear, align_corners: false);
        x = x + 0.15 * torch.randn([n, 3, res, res], generator: g);
        return (x * 50 + 128).clamp(0, 255).round().to(ScalarType.Byte).MoveToOuterDisposeScope();
    }

    /// <summary>A Gaussian blur of uint8 images with standard deviation <paramref name="sigma"/> pixels (replicate borders).</summary>
    public static Tensor Blur(Tensor images, double sigma)
    {
        using var scope = torch.NewDisposeScope();
        var radius = (int)Math.Ceiling(3 * sigma);
        var t = torch.arange(-radius, radius + 1, dtype: ScalarType.Float32);
        var k = (-(t * t) / (2 * sigma * sigma)).exp();
        k = k / k.sum();
        var kernel = torch.outer(k, k).expand(3, 1, 2 * radius + 1, 2 * radius + 1).contiguous();
        var x = torch.nn.functional.pad(images.to(ScalarType.Float32), [radius, radius, radius, radius], PaddingModes.Replicate);
        return torch.nn.functional.conv2d(x, kernel, groups: 3).round().clamp(0, 255).to(ScalarType.Byte).MoveToOuterDisposeScope();
    }

    /// <summary>uint8 images plus Gaussian noise of <paramref name="std"/> levels.</summary>
    public static Tensor Noised(Tensor images, double std, long seed)
    {
        using var scope = torch.NewDisposeScope();
        var g = new torch.Generator((ulong)seed, torch.CPU);
        var x = images.to(ScalarType.Float32) + std * torch.randn(images.shape, generator: g);
        return x.round().clamp(0, 255).to(ScalarType.Byte).MoveToOuterDisposeScope();
    }
}
