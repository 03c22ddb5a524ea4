using GanKit.Networks;

namespace GanKit.Latent.Projection;

/// <summary>
/// A perceptual distance that needs no download: the trained discriminator of the same network has learned features
/// of exactly this image domain. Each block's output is unit-normalised across channels at every pixel (as LPIPS
/// normalises VGG features), and the distance is the squared difference summed over channels, averaged over pixels,
/// and summed over blocks.
/// </summary>
public static class DiscriminatorFeatures
{
    /// <summary>The output of each of D's blocks, highest resolution first, for images [N, C, R, R] in [-1, 1].</summary>
    public static Tensor[] Extract(Discriminator D, Tensor images)
    {
        ArgumentNullException.ThrowIfNull(D);
        ArgumentNullException.ThrowIfNull(images);
        var c = D.Config;
        var s = images.shape;
        if (s.Length != 4 || s[1] != c.ImgChannels || s[2] != c.ImgResolution || s[3] != c.ImgResolution)
            throw new ArgumentException($"discriminator features: images must have shape [N, {c.ImgChannels}, {c.ImgResolution}, {c.ImgResolution}], got [{string.Join(", ", s)}]", nameof(images));
        var features = new Tensor[D.blocks.Count];
        Tensor? x = null;
        for (var i = 0; i < D.blocks.Count; i++)
        {
            using var scope = torch.NewDisposeScope();
            x = D.blocks[i].forward(x, images).to(ScalarType.Float32);
            features[i] = Normalize(x).MoveToOuterDisposeScope();
            x.MoveToOuterDisposeScope();
        }
        return features;
    }

    /// <summary>The distance between two sets of features from <see cref="Extract"/>, one value per image, [N].</summary>
    public static Tensor Distance(IReadOnlyList<Tensor> a, IReadOnlyList<Tensor> b)
    {
        if (a.Count != b.Count) throw new ArgumentException($"feature lists differ in length: {a.Count} and {b.Count}");
        using var scope = torch.NewDisposeScope();
        Tensor? total = null;
        for (var i = 0; i < a.Count; i++)
        {
            var d = (a[i] - b[i]).square().sum(1).mean([1, 2]);
            total = total is null ? d : total + d;
        }
        return total!.MoveToOuterDisposeScope();
    }

    /// <summary>The distance between two image batches, [N] (<see cref="Extract"/> of both, then their distance).</summary>
    public static Tensor Distance(Discriminator D, Tensor a, Tensor b)
    {
        using var scope = torch.NewDisposeScope();
        return Distance(Extract(D, a), Extract(D, b)).MoveToOuterDisposeScope();
    }

    private static Tensor Normalize(Tensor x) => x / (x.square().sum(1, keepdim: true) + 1e-10).sqrt();
}
