using System.Diagnostics;

namespace GanKit.Training.Data;

/// <summary>Opens training datasets and measures how fast they deliver images.</summary>
public static class TrainingDatasets
{
    /// <summary>
    /// Opens a folder of PNG, JPEG or WebP images (searched recursively) or a zip in the reference dataset-tool
    /// layout; see <see cref="ImageFolderDataset.Open"/> for the checks and errors.
    /// </summary>
    /// <param name="path">A folder or a <c>.zip</c>.</param>
    /// <param name="mirror">Add x-flipped copies (the CLI's <c>--mirror</c>); doubles <see cref="ITrainingDataset.Count"/>.</param>
    /// <param name="useLabels">Use the labels of <c>dataset.json</c> (the CLI's <c>--cond</c>).</param>
    /// <param name="workers">Background decoding threads; null: one per core, at most 4.</param>
    public static ImageFolderDataset Open(string path, bool mirror = false, bool useLabels = false, int? workers = null) =>
        ImageFolderDataset.Open(path, mirror, useLabels, workers);

    /// <summary>
    /// Pulls <paramref name="batches"/> minibatches from <paramref name="dataset"/> as fast as it delivers them,
    /// with no training in between: the data pipeline's own speed, for <c>gankit bench train</c>.
    /// </summary>
    public static DecodeThroughput MeasureThroughput(ITrainingDataset dataset, int batchSize, int batches = 8, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        var clock = Stopwatch.StartNew();
        var images = 0;
        foreach (var batch in dataset.Batches(batchSize, seed).Take(batches))
        {
            images += (int)batch.Images.size(0);
            batch.Dispose();
        }
        return new DecodeThroughput(images, clock.Elapsed.TotalSeconds);
    }
}

/// <summary>How fast a dataset delivered images, decoding included.</summary>
/// <param name="Images">Images delivered.</param>
/// <param name="Seconds">Wall-clock time taken.</param>
public sealed record DecodeThroughput(int Images, double Seconds)
{
    /// <summary>Images per second.</summary>
    public double ImagesPerSecond => Seconds > 0 ? Images / Seconds : double.PositiveInfinity;

    /// <summary>Milliseconds per image.</summary>
    public double MillisecondsPerImage => Images > 0 ? 1000 * Seconds / Images : 0;
}
