namespace GanKit.Training.Metrics;

/// <summary>
/// A TorchScript feature network for FID, KID and precision/recall, loaded with TorchSharp's <c>torch.jit.load</c>.
/// The default is NVIDIA's Inception-v3 port that the StyleGAN2-ADA reference downloads
/// (<see cref="InceptionUrl"/>): it takes uint8 images [N, 3, H, W] of any size (it resizes to 299² inside) and,
/// called with <c>return_features=True</c>, returns 2048 pool features. TorchSharp passes arguments by position, so
/// the call is <c>forward(images, *Arguments)</c>; the default arguments <c>[true]</c> set that second parameter.
/// </summary>
public sealed class FeatureDetector : IDisposable
{
    /// <summary>The Inception detector's file name.</summary>
    public const string InceptionFileName = "inception-2015-12-05.pt";

    /// <summary>Where the StyleGAN2-ADA reference downloads the Inception detector from.</summary>
    public const string InceptionUrl = "https://nvlabs-fi-cdn.nvidia.com/stylegan2-ada-pytorch/pretrained/metrics/inception-2015-12-05.pt";

    private readonly torch.jit.ScriptModule _module;
    private readonly object[] _arguments;
    private int _batchSize = 32;

    private FeatureDetector(torch.jit.ScriptModule module, string path, Device device, object[] arguments)
    {
        _module = module;
        Path = path;
        Device = device;
        _arguments = arguments;
    }

    /// <summary>The file loaded.</summary>
    public string Path { get; }

    /// <summary>Where the network runs.</summary>
    public Device Device { get; }

    /// <summary>Images per forward pass (memory; the features do not depend on it).</summary>
    public int BatchSize
    {
        get => _batchSize;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _batchSize = value;
        }
    }

    /// <summary>
    /// The detector file: <paramref name="path"/> when given (it must exist), else <see cref="InceptionFileName"/> in
    /// <see cref="MetricCache.DetectorFolder"/>. Missing, the error says where to get it and where to put it.
    /// </summary>
    public static string Locate(string? path = null)
    {
        if (path is not null)
        {
            if (File.Exists(path)) return System.IO.Path.GetFullPath(path);
            throw new FileNotFoundException($"--detector '{path}' does not exist: expected a TorchScript feature detector such as NVIDIA's {InceptionFileName} ({InceptionUrl})", path);
        }
        var cached = System.IO.Path.Combine(MetricCache.DetectorFolder, InceptionFileName);
        if (File.Exists(cached)) return cached;
        throw new FileNotFoundException(
            $"FID, KID and precision/recall need NVIDIA's Inception feature detector, and it is not in {MetricCache.DetectorFolder}. " +
            $"Download it once on a machine with internet access from {InceptionUrl} (about 92 MB) and put it at {cached}, " +
            $"or pass --detector PATH. SWD ('--metrics swd') needs no download.", cached);
    }

    /// <summary>Loads a detector; <paramref name="arguments"/> follow the images in each call (default: <c>return_features=True</c>).</summary>
    public static FeatureDetector Load(string path, Device? device = null, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"detector '{path}' does not exist", path);
        var target = device ?? torch.CPU;
        var module = GanKit.Torch.TorchScriptFile.Load(path, target);
        return new FeatureDetector(module, System.IO.Path.GetFullPath(path), target, arguments.Length == 0 ? [true] : arguments);
    }

    /// <summary>
    /// Features [N, D] (float32, CPU) of uint8 images [N, C, H, W] (float images in [-1, 1] are quantised first;
    /// one channel is repeated to three, as the reference does).
    /// </summary>
    public Tensor Features(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var u8 = MetricImages.ToUint8(images);
        if (u8.shape[1] == 1) u8 = u8.expand(-1, 3, -1, -1);
        if (u8.shape[1] != 3) throw new ArgumentException($"detectors take 1- or 3-channel images, got {u8.shape[1]} channels", nameof(images));
        var parts = new List<Tensor>();
        for (long start = 0; start < u8.shape[0]; start += BatchSize)
        {
            var batch = u8.narrow(0, start, Math.Min(BatchSize, u8.shape[0] - start)).contiguous().to(Device);
            var output = _module.call([batch, .. _arguments]);
            if (output is not Tensor features)
                throw new InvalidDataException($"detector '{Path}' returned {output?.GetType().Name ?? "nothing"}, expected a feature tensor [N, D]");
            if (features.ndim != 2 || features.shape[0] != batch.shape[0])
                throw new InvalidDataException($"detector '{Path}' returned [{string.Join(", ", features.shape)}] for {batch.shape[0]} images, expected [N, D] features");
            parts.Add(features.to(ScalarType.Float32).cpu());
        }
        return torch.cat(parts.ToArray()).MoveToOuterDisposeScope();
    }

    /// <summary>Frees the network.</summary>
    public void Dispose() => _module.Dispose();
}
