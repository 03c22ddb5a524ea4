namespace GanKit.Training.Data;

/// <summary>
/// A set of square training images of one power-of-two size, with optional labels, served as a deterministic
/// stream of minibatches: the same seed gives the same order, and the stream can start at any image index, so a
/// resumed run sees exactly the images an uninterrupted one would.
/// </summary>
public interface ITrainingDataset : IDisposable
{
    /// <summary>A short name for run folders and logs (the folder or zip name).</summary>
    string Name { get; }

    /// <summary>Images in the set (x-flipped copies included when mirrored).</summary>
    int Count { get; }

    /// <summary>Width and height of every image.</summary>
    int Resolution { get; }

    /// <summary>1 (greyscale) or 3 (RGB).</summary>
    int Channels { get; }

    /// <summary>Label width (one-hot classes or label vectors); 0 when unlabelled or labels are not used.</summary>
    int LabelDim { get; }

    /// <summary>
    /// An endless stream of minibatches in a seeded shuffled order (a new permutation each pass), starting at
    /// image <paramref name="startIndex"/> of that stream (cur_nimg when resuming).
    /// </summary>
    IEnumerable<DataBatch> Batches(int batchSize, long seed, long startIndex = 0);
}

/// <summary>One minibatch: images as uint8 [N, C, R, R] on the CPU, labels float32 [N, LabelDim] or null.</summary>
public sealed record DataBatch(Tensor Images, Tensor? Labels) : IDisposable
{
    /// <summary>Frees both tensors.</summary>
    public void Dispose()
    {
        Images.Dispose();
        Labels?.Dispose();
    }
}
