using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Networks;
using GanKit.Networks.Layers;
using GanKit.Training.Data;

namespace GanKit.Training.Metrics;

/// <summary>
/// The images a metric measures, as uint8 batches [N, C, R, R] on the CPU: generated from consecutive seeds, read
/// from a dataset in a seeded shuffled order, or converted from tensors and <see cref="RgbImage"/>s.
/// </summary>
public static class MetricImages
{
    /// <summary>
    /// uint8 [N, C, H, W] from uint8 (as is) or float images in [-1, 1] (quantised as GanKit saves them:
    /// <c>clamp(floor(x · 127.5 + 128), 0, 255)</c>), on the CPU.
    /// </summary>
    public static Tensor ToUint8(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.ndim != 4) throw new ArgumentException($"images must be [N, C, H, W], got [{string.Join(", ", images.shape)}]", nameof(images));
        using var noGrad = torch.no_grad();
        if (images.dtype == ScalarType.Byte) return images.cpu().alias();
        if (!images.is_floating_point())
            throw new ArgumentException($"images must be uint8 (0..255) or floating point in [-1, 1], got {images.dtype}", nameof(images));
        using var scope = torch.NewDisposeScope();
        return (images.detach().to(ScalarType.Float32) * 127.5 + 128).floor_().clamp_(0, 255).to(ScalarType.Byte).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>uint8 [N, 3, H, W] from images of one size.</summary>
    public static Tensor FromRgbImages(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) throw new ArgumentException("no images", nameof(images));
        int w = images[0].Width, h = images[0].Height, size = w * h * 3;
        var bytes = new byte[(long)images.Count * size];
        for (var i = 0; i < images.Count; i++)
        {
            if (images[i].Width != w || images[i].Height != h)
                throw new ArgumentException($"image {i} is {images[i].Width}x{images[i].Height}, expected {w}x{h} like the first", nameof(images));
            images[i].Pixels.CopyTo(bytes.AsSpan(i * size, size));
        }
        using var scope = torch.NewDisposeScope();
        return torch.tensor(bytes, [images.Count, h, w, 3]).permute(0, 3, 1, 2).contiguous().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="count"/> generated images in batches: image i is seed <c>firstSeed + i</c> (so any metric's fakes
    /// can be looked at with <c>gankit generate</c>), truncated by ψ, constant noise. A conditional network cycles
    /// through its classes (image i has class i mod c_dim).
    /// </summary>
    public static IEnumerable<Tensor> FromGenerator(Generator G, int count, double psi = 1, uint firstSeed = 0, int? batchSize = null)
    {
        ArgumentNullException.ThrowIfNull(G);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var size = batchSize ?? Math.Max(G.DefaultBatchSize(), G.Config.ImgResolution <= 64 ? 32 : 1);
        for (var start = 0; start < count; start += size)
        {
            // Made outside the iterator's frame: a dispose scope must never stay open across a yield.
            yield return GenerateBatch(G, start, Math.Min(size, count - start), psi, firstSeed);
        }
    }

    private static Tensor GenerateBatch(Generator G, int start, int n, double psi, uint firstSeed)
    {
        var cDim = G.mapping.CDim;
        using var scope = torch.NewDisposeScope();
        Tensor images;
        if (cDim == 0)
        {
            var seeds = Enumerable.Range(start, n).Select(i => unchecked(firstSeed + (uint)i)).ToArray();
            images = G.Generate(seeds, psi, noiseMode: NoiseMode.Const, batchSize: n);
        }
        else
        {
            // One mapping call per class present in the batch, then back into seed order.
            var parts = new Tensor[n];
            foreach (var group in Enumerable.Range(0, n).GroupBy(k => (start + k) % cDim))
            {
                var ks = group.ToArray();
                var seeds = ks.Select(k => unchecked(firstSeed + (uint)(start + k))).ToArray();
                var batch = G.Generate(seeds, psi, noiseMode: NoiseMode.Const, classIndex: group.Key, batchSize: n);
                for (var j = 0; j < ks.Length; j++) parts[ks[j]] = batch[j];
            }
            images = torch.stack(parts);
        }
        return ToUint8(images).DetachFromDisposeScope();
    }

    /// <summary>
    /// The first <paramref name="count"/> images (at most the whole set, each once) of the dataset's shuffled
    /// order for <paramref name="seed"/>, in batches; greyscale sets stay one channel.
    /// </summary>
    public static IEnumerable<Tensor> FromDataset(ITrainingDataset dataset, int count, long seed = 0, int batchSize = 64)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var total = Math.Min(count, dataset.Count);
        var taken = 0;
        foreach (var batch in dataset.Batches(Math.Min(batchSize, total), seed))
        {
            var n = Math.Min((int)batch.Images.shape[0], total - taken);
            var images = n == batch.Images.shape[0] ? batch.Images : batch.Images.narrow(0, 0, n).clone();
            if (!ReferenceEquals(images, batch.Images)) batch.Dispose();
            else batch.Labels?.Dispose();
            taken += n;
            yield return images;
            if (taken >= total) yield break;
        }
    }
}
