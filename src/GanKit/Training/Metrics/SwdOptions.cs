namespace GanKit.Training.Metrics;

/// <summary>
/// Settings of the sliced Wasserstein distance. The defaults are ProGAN's (Karras et al. 2018, appendix D):
/// 7×7 neighbourhoods, 128 per image and level, 4 repeats of 128 random directions (512 projections), pyramid
/// levels from the image size down to 16×16.
/// </summary>
public sealed record SwdOptions
{
    /// <summary>Side of the square neighbourhoods (odd).</summary>
    public int PatchSize { get; init; } = 7;

    /// <summary>Neighbourhoods drawn from each image at each pyramid level.</summary>
    public int DescriptorsPerImage { get; init; } = 128;

    /// <summary>Random directions per repeat.</summary>
    public int DirectionsPerRepeat { get; init; } = 128;

    /// <summary>Repeats; the distance is averaged over all of them (Repeats × DirectionsPerRepeat projections).</summary>
    public int Repeats { get; init; } = 4;

    /// <summary>The coarsest pyramid level; levels are the image size, half of it, ..., down to this.</summary>
    public int MinResolution { get; init; } = 16;

    /// <summary>Seeds the neighbourhood positions and the directions: the same seed, the same number.</summary>
    public long Seed { get; init; }

    /// <summary>Images per pyramid pass (bounds memory; the result does not depend on it).</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Checks the settings, naming the one that is out of range.</summary>
    public void Validate()
    {
        if (PatchSize < 1 || PatchSize % 2 == 0) throw new ArgumentException($"SwdOptions.PatchSize must be odd and positive, got {PatchSize}");
        if (DescriptorsPerImage < 1) throw new ArgumentException($"SwdOptions.DescriptorsPerImage must be at least 1, got {DescriptorsPerImage}");
        if (DirectionsPerRepeat < 1) throw new ArgumentException($"SwdOptions.DirectionsPerRepeat must be at least 1, got {DirectionsPerRepeat}");
        if (Repeats < 1) throw new ArgumentException($"SwdOptions.Repeats must be at least 1, got {Repeats}");
        if (MinResolution < PatchSize) throw new ArgumentException($"SwdOptions.MinResolution ({MinResolution}) must be at least PatchSize ({PatchSize})");
        if (BatchSize < 1) throw new ArgumentException($"SwdOptions.BatchSize must be at least 1, got {BatchSize}");
    }

    /// <summary>The pyramid resolutions for images of side <paramref name="resolution"/>, finest first.</summary>
    public int[] Resolutions(int resolution)
    {
        var list = new List<int>();
        for (var r = resolution; r >= MinResolution; r /= 2)
        {
            list.Add(r);
            if (r % 2 != 0) break; // an odd side cannot be halved again
        }
        if (list.Count == 0)
            throw new ArgumentException($"SWD needs images of at least {MinResolution}×{MinResolution} (SwdOptions.MinResolution), got {resolution}×{resolution}");
        return list.ToArray();
    }
}
