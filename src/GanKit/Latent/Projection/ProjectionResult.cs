using GanKit.Formats.Numpy;
using GanKit.Imaging;
using GanKit.Torch;

namespace GanKit.Latent.Projection;

/// <summary>What a projection found: the latent, its image, the loss of every step and the optimised noise maps (all on the CPU).</summary>
public sealed class ProjectionResult : IDisposable
{
    /// <summary>Creates the result.</summary>
    public ProjectionResult(ProjectionSpace space, Tensor w, Tensor image, double[] lossHistory, Tensor[] noiseMaps, TimeSpan elapsed)
    {
        Space = space;
        W = w;
        Image = image;
        LossHistory = lossHistory;
        NoiseMaps = noiseMaps;
        Elapsed = elapsed;
    }

    /// <summary>The space optimised.</summary>
    public ProjectionSpace Space { get; }

    /// <summary>The projected latent, [1, num_ws, w_dim] (in W every row is the same w), as <c>projected_w.npz</c> stores it.</summary>
    public Tensor W { get; }

    /// <summary>The synthesised image of <see cref="W"/> with the optimised noise maps, [1, 3, R, R] in about [-1, 1].</summary>
    public Tensor Image { get; }

    /// <summary>The objective at every step, in order.</summary>
    public double[] LossHistory { get; }

    /// <summary>The optimised noise maps, one per synthesis layer with noise, lowest resolution first ([R, R] each).</summary>
    public Tensor[] NoiseMaps { get; }

    /// <summary>How long the optimisation took (without the w statistics).</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The image as 8-bit RGB, by GanKit's image contract.</summary>
    public RgbImage ToImage() => TensorImageConversion.ToImage(Image);

    /// <summary>
    /// Writes <see cref="W"/>: a <c>.npz</c> in the reference projector's layout (key <c>w</c>), or a <c>.safetensors</c>
    /// with tensor <c>w</c> and metadata naming the space. Atomic either way.
    /// </summary>
    public void SaveW(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase))
            ProjectedLatents.Save(path, W);
        else if (path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
            Safetensors.Write(path, [new KeyValuePair<string, Tensor>(ProjectedLatents.Key, W)],
                new Dictionary<string, string> { ["space"] = Space.Name(), ["steps"] = LossHistory.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        else
            throw new ArgumentException($"'{path}' does not end in .npz or .safetensors", nameof(path));
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        W.Dispose();
        Image.Dispose();
        foreach (var n in NoiseMaps) n.Dispose();
    }
}
