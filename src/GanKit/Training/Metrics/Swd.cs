using GanKit.Imaging;
using GanKit.Networks;
using GanKit.Training.Data;

namespace GanKit.Training.Metrics;

/// <summary>
/// ProGAN's sliced Wasserstein distance (Karras et al. 2018, appendix D; Rabin et al. 2011 for the slicing):
/// build a Laplacian pyramid of every image, take random 7×7 neighbourhoods at each level as descriptors, normalise
/// each colour channel over the set, project both sets' descriptors onto random unit directions, and average the
/// 1-D Wasserstein distances between the sorted projections. Reported ×10³ per level and averaged. It needs no
/// download and says how closely the fakes' local image statistics (edges at each scale, colour detail) match the
/// reals'; lower is better.
/// </summary>
/// <remarks>
/// Both sets use the same neighbourhood positions (drawn from <see cref="SwdOptions.Seed"/>), so a set against
/// itself gives exactly 0; the directions come from the same seed. The two sets must hold the same number of images.
/// </remarks>
public static class Swd
{
    /// <summary>SWD between two image sets: uint8 [N, C, H, W] or float in [-1, 1] (quantised to 8 bits first).</summary>
    public static SwdResult Compute(Tensor real, Tensor fake, SwdOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(real);
        ArgumentNullException.ThrowIfNull(fake);
        options ??= new SwdOptions();
        if (real.ndim != 4 || fake.ndim != 4) throw new ArgumentException($"images must be [N, C, H, W], got [{string.Join(", ", real.shape)}] and [{string.Join(", ", fake.shape)}]");
        return Compute(Batches(real, options.BatchSize), Batches(fake, options.BatchSize), (int)real.shape[2], (int)real.shape[1], options, disposeBatches: false);
    }

    /// <summary>SWD between two lists of images of one size.</summary>
    public static SwdResult Compute(IReadOnlyList<RgbImage> real, IReadOnlyList<RgbImage> fake, SwdOptions? options = null)
    {
        using var r = MetricImages.FromRgbImages(real);
        using var f = MetricImages.FromRgbImages(fake);
        return Compute(r, f, options);
    }

    /// <summary>
    /// SWD between two streams of image batches (uint8 or float [N, C, R, R]); batches are disposed after use
    /// when <paramref name="disposeBatches"/> is set, so a stream from a generator never holds all images at once.
    /// </summary>
    public static SwdResult Compute(IEnumerable<Tensor> real, IEnumerable<Tensor> fake, int resolution, int channels, SwdOptions? options = null,
        bool disposeBatches = true, Action<string, int>? progress = null)
    {
        options ??= new SwdOptions();
        using var realSet = Collect(real, resolution, channels, options, disposeBatches, n => progress?.Invoke("reals", n));
        using var fakeSet = Collect(fake, resolution, channels, options, disposeBatches, n => progress?.Invoke("fakes", n));
        if (realSet.Images != fakeSet.Images)
            throw new ArgumentException($"SWD compares sets of equal size: got {realSet.Images} real and {fakeSet.Images} fake images");
        var a = realSet.Finish();
        var b = fakeSet.Finish();
        try
        {
            var distances = new double[a.Length];
            for (var l = 0; l < a.Length; l++)
            {
                var directions = Directions((int)a[l].shape[1], options, l);
                try { distances[l] = 1e3 * Distance(a[l], b[l], directions); }
                finally { foreach (var d in directions) d.Dispose(); }
            }
            return new SwdResult(realSet.Resolutions.ToArray(), distances, realSet.Images);
        }
        finally
        {
            foreach (var t in a.Concat(b)) t.Dispose();
        }
    }

    /// <summary>
    /// SWD of a generator against a dataset: <paramref name="count"/> images of each (at most the dataset's size),
    /// fakes from seeds <c>seed, seed + 1, ...</c> at truncation ψ, reals in the dataset's shuffled order for
    /// <paramref name="seed"/>. The same arguments give the same number.
    /// </summary>
    public static SwdResult ForGenerator(Generator G, ITrainingDataset dataset, int count, double psi = 1, uint seed = 0,
        SwdOptions? options = null, Action<string, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(G);
        ArgumentNullException.ThrowIfNull(dataset);
        var config = G.Config;
        if (dataset.Resolution != config.ImgResolution || dataset.Channels != config.ImgChannels)
            throw new ArgumentException($"the dataset '{dataset.Name}' holds {dataset.Resolution}×{dataset.Resolution} images with {dataset.Channels} channel(s), " +
                                        $"but the network makes {config.ImgResolution}×{config.ImgResolution} with {config.ImgChannels}");
        options ??= new SwdOptions { Seed = seed };
        var n = Math.Min(count, dataset.Count);
        return Compute(MetricImages.FromDataset(dataset, n, seed, options.BatchSize), MetricImages.FromGenerator(G, n, psi, seed),
            config.ImgResolution, config.ImgChannels, options, disposeBatches: true, progress);
    }

    /// <summary>
    /// The mean 1-D Wasserstein-1 distance between the projections of two equal-sized descriptor sets [M, D] on
    /// each repeat's directions [D, K], averaged over directions and repeats.
    /// </summary>
    internal static double Distance(Tensor a, Tensor b, IReadOnlyList<Tensor> directions)
    {
        if (a.shape[0] != b.shape[0] || a.shape[1] != b.shape[1])
            throw new ArgumentException($"descriptor sets differ in shape: [{string.Join(", ", a.shape)}] and [{string.Join(", ", b.shape)}]");
        const int chunk = 64; // directions per sort: bounds the projections' memory at 64 floats per descriptor
        using var outer = torch.NewDisposeScope();
        // Descriptors as columns, so each direction's projections are one contiguous row: sorting along the
        // last dimension is several times faster than along a strided first one.
        var at = a.t().contiguous();
        var bt = b.t().contiguous();
        var total = 0.0;
        foreach (var dirs in directions)
        {
            var k = dirs.shape[1];
            var sum = 0.0;
            for (long start = 0; start < k; start += chunk)
            {
                using var scope = torch.NewDisposeScope();
                var d = dirs.narrow(1, start, Math.Min(chunk, k - start)).t();
                var pa = torch.sort(d.mm(at), 1).values;
                var pb = torch.sort(d.mm(bt), 1).values;
                sum += (pa - pb).abs().to(ScalarType.Float64).sum().item<double>();
            }
            total += sum / (a.shape[0] * (double)k);
        }
        return total / directions.Count;
    }

    /// <summary>Each repeat's random unit directions [dim, DirectionsPerRepeat] (float32), from the options' seed and the level.</summary>
    internal static Tensor[] Directions(int dim, SwdOptions options, int level)
    {
        var generator = new torch.Generator(unchecked((ulong)(options.Seed * 1000003 + level + 1)), torch.CPU);
        try
        {
            return Enumerable.Range(0, options.Repeats).Select(_ =>
            {
                using var scope = torch.NewDisposeScope();
                var d = torch.randn([dim, options.DirectionsPerRepeat], ScalarType.Float64, generator: generator);
                return (d / d.square().sum(0, keepdim: true).sqrt()).to(ScalarType.Float32).MoveToOuterDisposeScope();
            }).ToArray();
        }
        finally
        {
            generator.Dispose();
        }
    }

    private static SwdDescriptors Collect(IEnumerable<Tensor> batches, int resolution, int channels, SwdOptions options, bool dispose, Action<int> progress)
    {
        var set = new SwdDescriptors(resolution, channels, options);
        try
        {
            foreach (var batch in batches)
            {
                try { set.Add(batch); }
                finally { if (dispose) batch.Dispose(); }
                progress(set.Images);
            }
            return set;
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    private static IEnumerable<Tensor> Batches(Tensor images, int size)
    {
        for (long start = 0; start < images.shape[0]; start += size)
        {
            using var view = images.narrow(0, start, Math.Min(size, images.shape[0] - start));
            yield return view;
        }
    }
}
