namespace GanKit.Training.Metrics;

/// <summary>
/// Collects ProGAN's SWD descriptors from a stream of image batches: for every pyramid level, random 7×7
/// neighbourhoods (all channels) at positions drawn from a seeded stream, so the same seed picks the same
/// positions whatever the batching. <see cref="Finish"/> normalises each channel to zero mean and unit variance
/// over the whole set, as the paper does per set.
/// </summary>
public sealed class SwdDescriptors : IDisposable
{
    private readonly SwdOptions _options;
    private readonly int[] _resolutions;
    private readonly Random[] _positions;
    private readonly List<Tensor>[] _parts;
    private bool _disposed;

    /// <summary>Starts an empty set for images of <paramref name="resolution"/>² with <paramref name="channels"/> channels.</summary>
    public SwdDescriptors(int resolution, int channels, SwdOptions? options = null)
    {
        _options = options ?? new SwdOptions();
        _options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        Resolution = resolution;
        Channels = channels;
        _resolutions = _options.Resolutions(resolution);
        // One position stream per level, so batching never changes which positions a level gets.
        _positions = _resolutions.Select((_, level) => new Random(unchecked((int)(_options.Seed * 7919 + level * 104729 + 17)))).ToArray();
        _parts = _resolutions.Select(_ => new List<Tensor>()).ToArray();
    }

    /// <summary>Image side.</summary>
    public int Resolution { get; }

    /// <summary>Image channels.</summary>
    public int Channels { get; }

    /// <summary>Images added so far.</summary>
    public int Images { get; private set; }

    /// <summary>The pyramid resolutions, finest first.</summary>
    public IReadOnlyList<int> Resolutions => _resolutions;

    /// <summary>Adds a batch of uint8 images, or float images in [-1, 1] (quantised to 8 bits first).</summary>
    public void Add(Tensor images)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var scope = torch.NewDisposeScope();
        var u8 = MetricImages.ToUint8(images);
        if (u8.shape[1] != Channels || u8.shape[2] != Resolution || u8.shape[3] != Resolution)
            throw new ArgumentException($"images are [{string.Join(", ", u8.shape)}], expected [N, {Channels}, {Resolution}, {Resolution}] like this set", nameof(images));
        var n = (int)u8.shape[0];
        var levels = LaplacianPyramid.Build(u8.to(ScalarType.Float32), _resolutions.Length);
        for (var l = 0; l < levels.Length; l++)
        {
            var (ys, xs) = DrawPositions(l, n);
            // Held across calls: detached, so no caller's dispose scope frees it.
            _parts[l].Add(Extract(levels[l], ys, xs, _options.DescriptorsPerImage, _options.PatchSize).DetachFromDisposeScope());
        }
        Images += n;
    }

    /// <summary>The normalised descriptors of each level, [images × DescriptorsPerImage, C·P·P] float32, finest first.</summary>
    public Tensor[] Finish()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Images == 0) throw new InvalidOperationException("no images were added");
        var result = new Tensor[_parts.Length];
        for (var l = 0; l < _parts.Length; l++)
        {
            using var scope = torch.NewDisposeScope();
            var all = _parts[l].Count == 1 ? _parts[l][0] : torch.cat(_parts[l].ToArray());
            result[l] = Normalize(all).MoveToOuterDisposeScope();
            foreach (var part in _parts[l]) part.Dispose();
            _parts[l].Clear();
        }
        return result;
    }

    /// <summary>Frees the collected descriptors.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var list in _parts)
            foreach (var part in list) part.Dispose();
    }

    private (int[] Ys, int[] Xs) DrawPositions(int level, int images)
    {
        var size = _resolutions[level];
        var half = _options.PatchSize / 2;
        var count = images * _options.DescriptorsPerImage;
        var ys = new int[count];
        var xs = new int[count];
        var random = _positions[level];
        for (var i = 0; i < count; i++)
        {
            // Centres where the whole neighbourhood lies inside the image.
            ys[i] = random.Next(half, size - half);
            xs[i] = random.Next(half, size - half);
        }
        return (ys, xs);
    }

    /// <summary>
    /// Neighbourhoods [N·perImage, C, P, P] of a level [N, C, S, S] centred at (ys[k], xs[k]); descriptor k comes
    /// from image k / perImage.
    /// </summary>
    internal static Tensor Extract(Tensor level, int[] ys, int[] xs, int perImage, int patchSize)
    {
        using var scope = torch.NewDisposeScope();
        long n = level.shape[0], c = level.shape[1], s = level.shape[2];
        var count = ys.Length;
        if (xs.Length != count || count != n * perImage)
            throw new ArgumentException($"expected {n * perImage} positions ({n} images × {perImage}), got {ys.Length} and {xs.Length}");
        var half = patchSize / 2;
        var origin = new long[count];
        for (var k = 0; k < count; k++)
        {
            if (ys[k] < half || ys[k] >= s - half || xs[k] < half || xs[k] >= s - half)
                throw new ArgumentOutOfRangeException(nameof(ys), $"position {k} ({ys[k]}, {xs[k]}) puts a {patchSize}×{patchSize} neighbourhood outside a {s}×{s} level");
            origin[k] = (k / perImage) * c * s * s + (ys[k] - half) * s + (xs[k] - half);
        }
        var steps = torch.arange(patchSize, dtype: ScalarType.Int64);
        var offsets = (torch.arange(c, dtype: ScalarType.Int64).view(c, 1, 1) * (s * s)) + steps.view(1, patchSize, 1) * s + steps.view(1, 1, patchSize);
        var index = torch.tensor(origin).view(count, 1, 1, 1) + offsets.unsqueeze(0);
        return level.contiguous().flatten().take(index).MoveToOuterDisposeScope();
    }

    /// <summary>Each channel to zero mean and unit (population) variance over all descriptors; flattened to rows.</summary>
    internal static Tensor Normalize(Tensor descriptors)
    {
        using var scope = torch.NewDisposeScope();
        // Sums in float64 (hundreds of thousands of terms), values in float32: no float64 copy of the whole set.
        long[] dims = [0, 2, 3];
        var x = descriptors.to(ScalarType.Float32);
        var perChannel = (double)(x.numel() / x.shape[1]);
        var mean = (x.sum(dims, keepdim: true, type: ScalarType.Float64) / perChannel).to(ScalarType.Float32);
        var centered = x - mean;
        var std = (centered.square().sum(dims, keepdim: true, type: ScalarType.Float64) / perChannel).sqrt().to(ScalarType.Float32);
        // A constant channel (e.g. a flat colour set) has no spread to normalise; leave it centred.
        std = torch.where(std > 0, std, torch.ones_like(std));
        return centered.div_(std).reshape(descriptors.shape[0], -1).MoveToOuterDisposeScope();
    }
}
