
namespace GanKit.Latent;

/// <summary>Latents and labels for seeds, as the reference <c>generate.py</c> makes them.</summary>
public static class SeedLatents
{
    /// <summary>z [N, z_dim] (float32) with row i = <c>RandomState(seeds[i]).randn(1, z_dim)</c>.</summary>
    public static Tensor Z(IReadOnlyList<uint> seeds, int zDim, Device? device = null)
    {
        var values = new float[seeds.Count * zDim];
        for (var i = 0; i < seeds.Count; i++) SeedRandom.RandnFloat32(seeds[i], zDim).CopyTo(values, i * zDim);
        return torch.tensor(values, [seeds.Count, zDim], device: device);
    }

    /// <summary>
    /// One-hot labels [N, c_dim] for class <paramref name="classIndex"/>, or null for an unconditional network.
    /// A conditional network without a class, or a class out of range, is an error naming <c>--class</c>.
    /// </summary>
    public static Tensor? Labels(int cDim, int? classIndex, int count, Device? device = null)
    {
        if (cDim == 0)
        {
            if (classIndex is not null) throw new ArgumentException("--class: this network is unconditional (c_dim = 0); leave --class out");
            return null;
        }
        if (classIndex is not { } c)
            throw new ArgumentException($"--class: this network is conditional (c_dim = {cDim}); pass --class 0..{cDim - 1}");
        if (c < 0 || c >= cDim) throw new ArgumentException($"--class {c} is outside 0..{cDim - 1}");
        var oneHot = new float[count * cDim];
        for (var i = 0; i < count; i++) oneHot[i * cDim + c] = 1;
        return torch.tensor(oneHot, [count, cDim], device: device);
    }
}
