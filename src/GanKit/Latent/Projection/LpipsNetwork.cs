using GanKit.Training.Metrics;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Latent.Projection;

/// <summary>
/// The LPIPS perceptual distance (Zhang et al. 2018) through NVIDIA's VGG16 TorchScript file <c>vgg16.pt</c>, the one
/// the StyleGAN2-ADA projector downloads (<see cref="Url"/>), loaded with TorchSharp's <c>torch.jit.load</c>. It is
/// called as the reference calls it, <c>vgg16(images, resize_images=False, return_lpips=True)</c> with float images
/// in [0, 255], and returns per-image features whose squared Euclidean distance is the LPIPS distance. Images larger
/// than 256² are area-downsampled to 256² first, as the reference does.
/// </summary>
public sealed class LpipsNetwork : IDisposable
{
    /// <summary>The file name.</summary>
    public const string FileName = "vgg16.pt";

    /// <summary>Where the StyleGAN2-ADA reference downloads the file from.</summary>
    public const string Url = "https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/vgg16.pt";

    /// <summary>The largest side fed to VGG16.</summary>
    public const int MaxResolution = 256;

    private readonly torch.jit.ScriptModule _module;

    private LpipsNetwork(torch.jit.ScriptModule module, string path, Device device)
    {
        _module = module;
        Path = path;
        Device = device;
    }

    /// <summary>The file loaded.</summary>
    public string Path { get; }

    /// <summary>Where the network runs.</summary>
    public Device Device { get; }

    /// <summary>The cache folder searched when no path is given: <c>lpips/</c> under GanKit's cache (<c>~/.cache/gankit</c> or <c>$GANKIT_CACHE</c>).</summary>
    public static string CacheFolder => System.IO.Path.Combine(MetricCache.Root, "lpips");

    /// <summary>The file in the cache folder, or null when it is not there.</summary>
    public static string? FindCached()
    {
        var cached = System.IO.Path.Combine(CacheFolder, FileName);
        return File.Exists(cached) ? cached : null;
    }

    /// <summary>
    /// The LPIPS file: <paramref name="path"/> when given (it must exist), else <see cref="FileName"/> in
    /// <see cref="CacheFolder"/>. Missing, the error says where the reference gets the file and where to put it.
    /// </summary>
    public static string Locate(string? path = null)
    {
        if (path is not null)
        {
            if (File.Exists(path)) return System.IO.Path.GetFullPath(path);
            throw new FileNotFoundException(
                $"--lpips '{path}' does not exist: expected NVIDIA's VGG16 LPIPS TorchScript file {FileName}, which the StyleGAN2-ADA " +
                $"projector downloads from {Url} (about 528 MB)", path);
        }
        var cached = System.IO.Path.Combine(CacheFolder, FileName);
        if (File.Exists(cached)) return cached;
        throw new FileNotFoundException(
            $"the LPIPS loss needs NVIDIA's VGG16 file {FileName}, and it is not in {CacheFolder}. The StyleGAN2-ADA projector downloads it " +
            $"from {Url}; download it once and put it at {cached}, or pass --lpips PATH. Without it, the offline loss " +
            "(discriminator features, MSE, MS-SSIM) needs no download.", cached);
    }

    /// <summary>Loads a file with the VGG16 LPIPS calling convention.</summary>
    public static LpipsNetwork Load(string path, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"LPIPS network '{path}' does not exist (the reference downloads {FileName} from {Url})", path);
        var target = device ?? torch.CPU;
        var module = GanKit.Torch.TorchScriptFile.Load(path, target);
        return new LpipsNetwork(module, System.IO.Path.GetFullPath(path), target);
    }

    /// <summary>LPIPS features [N, D] of images [N, 3, H, W] in [-1, 1]; differentiable with respect to the images.</summary>
    public Tensor Features(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new ArgumentException($"LPIPS takes RGB images [N, 3, H, W], got [{string.Join(", ", images.shape)}]", nameof(images));
        using var scope = torch.NewDisposeScope();
        var x = (images.to(ScalarType.Float32) + 1) * (255 / 2.0);
        if (x.shape[2] > MaxResolution || x.shape[3] > MaxResolution)
            x = F.adaptive_avg_pool2d(x, [Math.Min(MaxResolution, x.shape[2]), Math.Min(MaxResolution, x.shape[3])]);
        var output = _module.call(x.to(Device), false, true);
        if (output is not Tensor features)
            throw new InvalidDataException($"LPIPS network '{Path}' returned {output?.GetType().Name ?? "nothing"}, expected a feature tensor [N, D]");
        if (features.shape.Length < 2 || features.shape[0] != images.shape[0])
            throw new InvalidDataException($"LPIPS network '{Path}' returned [{string.Join(", ", features.shape)}] for {images.shape[0]} images, expected [N, D] features");
        return features.flatten(1).MoveToOuterDisposeScope();
    }

    /// <summary>The LPIPS distance per image, [N]: the squared distance between the features.</summary>
    public static Tensor Distance(Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return (a - b).square().sum(1).MoveToOuterDisposeScope();
    }

    /// <summary>Frees the network.</summary>
    public void Dispose() => _module.Dispose();
}
