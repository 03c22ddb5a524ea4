using System.Numerics;
using GanKit.Imaging;

namespace GanKit.Training.Data;

/// <summary>
/// Training images from a folder (searched recursively for PNG, JPEG and WebP) or a zip in the reference
/// dataset-tool layout, with the labels of its <c>dataset.json</c>. Opening reads only the image headers and
/// checks that all images are one square power-of-two size; pixels are decoded while training, by background
/// workers running a few batches ahead. Open one with <see cref="TrainingDatasets.Open"/>.
/// </summary>
/// <remarks>
/// Images stay uint8 [N, C, R, R] in batches (the training loop scales them to [-1, 1]). A set of greyscale
/// files has one channel; a set mixing greyscale and colour files has three. With mirroring, image
/// <c>i + n</c> is image <c>i</c> flipped left to right, as the reference's x-flip doubles the set.
/// </remarks>
public sealed class ImageFolderDataset : ITrainingDataset
{
    private readonly ImageStore _store;
    private readonly string[] _names;
    private readonly float[][]? _labels;
    private readonly List<IDisposable> _pipelines = new();
    private int _workers;
    private bool _disposed;

    private ImageFolderDataset(ImageStore store, string[] names, int resolution, int channels, float[][]? labels, int labelDim, bool mirror, int workers)
    {
        _store = store;
        _names = names;
        _labels = labels;
        Resolution = resolution;
        Channels = channels;
        LabelDim = labelDim;
        Mirror = mirror;
        Workers = workers;
    }

    /// <inheritdoc />
    public string Name => _store.ShortName;

    /// <summary>The folder or zip the images come from.</summary>
    public string SourcePath => _store.Path;

    /// <summary>Image files in the set, without the mirrored copies.</summary>
    public int FileCount => _names.Length;

    /// <inheritdoc />
    public int Count => Mirror ? 2 * _names.Length : _names.Length;

    /// <inheritdoc />
    public int Resolution { get; }

    /// <inheritdoc />
    public int Channels { get; }

    /// <inheritdoc />
    public int LabelDim { get; }

    /// <summary>Whether x-flipped copies are included.</summary>
    public bool Mirror { get; }

    /// <summary>
    /// Background decoding threads for batches started from now on; 0 decodes on the consumer's thread. The
    /// order of images never depends on it.
    /// </summary>
    public int Workers
    {
        get => _workers;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _workers = value;
        }
    }

    /// <summary>The default worker count: one per core, at most 4.</summary>
    public static int DefaultWorkers => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>
    /// Opens a folder or zip. Errors name the file or folder and say what was expected: no images, a corrupt or
    /// unreadable image, mixed sizes (with the count at each size), a size that is not a square power of two,
    /// labels asked for but missing, or labels that do not match the files.
    /// </summary>
    /// <param name="path">A folder of images or a dataset zip.</param>
    /// <param name="mirror">Add an x-flipped copy of every image.</param>
    /// <param name="useLabels">Use the labels of <c>dataset.json</c> (the CLI's <c>--cond</c>).</param>
    /// <param name="workers">Background decoding threads; null: <see cref="DefaultWorkers"/>.</param>
    public static ImageFolderDataset Open(string path, bool mirror = false, bool useLabels = false, int? workers = null)
    {
        var store = ImageStore.Open(path);
        try
        {
            var names = store.Names.ToArray();
            if (names.Length == 0)
            {
                throw new InvalidDataException(store is FolderImageStore
                    ? $"'{path}' holds no PNG, JPEG or WebP images (searched recursively): expected a folder of training images."
                    : $"'{path}' holds no PNG, JPEG or WebP images: expected a zip made by 'gankit dataset'.");
            }
            var headers = new ImageHeader[names.Length];
            var errors = new Exception?[names.Length];
            Parallel.For(0, names.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                try { headers[i] = ImageProbe.Probe(store, names[i]); }
                catch (Exception e) { errors[i] = e; }
            });
            // The first bad file in name order, so the message never depends on thread timing.
            if (errors.FirstOrDefault(e => e is not null) is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
            var resolution = CheckSizes(path, names, headers);
            var channels = headers.All(h => h.Gray) ? 1 : 3;
            float[][]? labels = null;
            var labelDim = 0;
            if (useLabels) (labels, labelDim) = DatasetLabels.Read(store, names);
            return new ImageFolderDataset(store, names, resolution, channels, labels, labelDim, mirror, workers ?? DefaultWorkers);
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static int CheckSizes(string path, string[] names, ImageHeader[] headers)
    {
        var sizes = Enumerable.Range(0, names.Length)
            .GroupBy(i => (headers[i].Width, headers[i].Height))
            .Select(g => (Size: g.Key, Count: g.Count(), Example: names[g.First()]))
            .OrderByDescending(s => s.Count).ThenBy(s => s.Size.Width).ThenBy(s => s.Size.Height)
            .ToArray();
        if (sizes.Length > 1)
        {
            const int shown = 8;
            var list = string.Join(", ", sizes.Take(shown).Select(s => $"{s.Count} at {s.Size.Width}x{s.Size.Height} (e.g. '{s.Example}')")) +
                       (sizes.Length > shown ? $" and {sizes.Skip(shown).Sum(s => s.Count)} more at {sizes.Length - shown} other sizes" : "");
            throw new InvalidDataException($"'{path}' mixes image sizes: {list}. Training needs one square power-of-two size; " +
                                           $"make one with 'gankit dataset --source {path} --dest OUT.zip --resolution R'.");
        }
        var (width, height) = sizes[0].Size;
        if (width != height || width < 4 || !BitOperations.IsPow2(width))
        {
            throw new InvalidDataException($"'{path}' holds {width}x{height} images (e.g. '{sizes[0].Example}'): expected square images with a power-of-two side " +
                                           $"of at least 4 (4, 8, ..., 256, 512, 1024); crop and resize them with 'gankit dataset --source {path} --dest OUT.zip --resolution R'.");
        }
        return width;
    }

    /// <inheritdoc />
    public IEnumerable<DataBatch> Batches(int batchSize, long seed, long startIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(startIndex);
        return Iterate(batchSize, seed, startIndex, Workers);
    }

    private IEnumerable<DataBatch> Iterate(int batchSize, long seed, long startIndex, int workers)
    {
        var order = new ShuffleOrder(Count, seed);
        var pipeline = new BatchPipeline<DecodedBatch>(b => Decode(order, startIndex + b * batchSize, batchSize), workers, Math.Max(2, 2 * workers));
        lock (_pipelines) _pipelines.Add(pipeline);
        try
        {
            for (long b = 0; ; b++)
            {
                var decoded = pipeline.Take(b);
                var images = torch.tensor(decoded.Pixels, [batchSize, Channels, Resolution, Resolution]);
                var labels = decoded.Labels is null ? null : torch.tensor(decoded.Labels, [batchSize, LabelDim]);
                yield return new DataBatch(images, labels);
            }
        }
        finally
        {
            lock (_pipelines) _pipelines.Remove(pipeline);
            pipeline.Dispose();
        }
    }

    private sealed record DecodedBatch(byte[] Pixels, float[]? Labels);

    /// <summary>Decodes the images at stream positions [first, first + n) into one CHW uint8 buffer.</summary>
    private DecodedBatch Decode(ShuffleOrder order, long first, int n)
    {
        var plane = Resolution * Resolution;
        var pixels = new byte[(long)n * Channels * plane];
        var labels = _labels is null ? null : new float[n * LabelDim];
        for (var k = 0; k < n; k++)
        {
            var index = order[first + k];
            var file = index % _names.Length;
            var flip = index >= _names.Length;
            DecodeInto(file, flip, pixels.AsSpan(k * Channels * plane, Channels * plane));
            _labels?[file].CopyTo(labels!, k * LabelDim);
        }
        return new DecodedBatch(pixels, labels);
    }

    private void DecodeInto(int file, bool flip, Span<byte> chw)
    {
        var name = _names[file];
        var image = RgbImage.FromBytes(_store.Read(name), _store.Describe(name));
        if (image.Width != Resolution || image.Height != Resolution)
        {
            throw new InvalidDataException($"'{_store.Describe(name)}' is now {image.Width}x{image.Height}: expected {Resolution}x{Resolution} like when the dataset was opened.");
        }
        var rgb = image.Pixels;
        var r = Resolution;
        for (var y = 0; y < r; y++)
        {
            for (var x = 0; x < r; x++)
            {
                var src = (y * r + (flip ? r - 1 - x : x)) * 3;
                var dst = y * r + x;
                for (var c = 0; c < Channels; c++) chw[c * r * r + dst] = rgb[src + c];
            }
        }
    }

    /// <summary>
    /// Decodes every file once, in parallel, and throws for the first (in name order) that is damaged or truncated.
    /// Opening reads only headers; this finds a file whose pixel data is broken before a run starts rather than
    /// when its batch comes up.
    /// </summary>
    /// <param name="onProgress">Receives (files checked, files) now and then.</param>
    /// <exception cref="InvalidDataException">A file cannot be decoded; the message names it.</exception>
    public void CheckAllImages(Action<int, int>? onProgress = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var errors = new Exception?[_names.Length];
        var done = 0;
        var scratch = new ThreadLocal<byte[]>(() => new byte[Channels * Resolution * Resolution]);
        try
        {
            Parallel.For(0, _names.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, i =>
            {
                try { DecodeInto(i, false, scratch.Value); }
                catch (Exception e) when (e is InvalidDataException or IOException) { errors[i] = e; }
                var n = Interlocked.Increment(ref done);
                if (n % 256 == 0) onProgress?.Invoke(n, _names.Length);
            });
        }
        finally
        {
            scratch.Dispose();
        }
        onProgress?.Invoke(_names.Length, _names.Length);
        if (errors.FirstOrDefault(e => e is not null) is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
    }

    /// <summary>The image at <paramref name="index"/> (0 ≤ index &lt; <see cref="Count"/>; mirrored copies flipped), uint8 [C, R, R].</summary>
    public Tensor GetImage(int index)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        var pixels = new byte[Channels * Resolution * Resolution];
        DecodeInto(index % _names.Length, index >= _names.Length, pixels);
        return torch.tensor(pixels, [Channels, Resolution, Resolution]);
    }

    /// <summary>The label of image <paramref name="index"/> (float32 [LabelDim]), or null when labels are not used.</summary>
    public Tensor? GetLabel(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _labels is null ? null : torch.tensor(_labels[index % _names.Length], [LabelDim]);
    }

    /// <summary>The file behind image <paramref name="index"/>, relative to the folder or zip.</summary>
    public string FileName(int index) => _names[index % _names.Length];

    /// <summary>Stops every running stream's workers and closes the files.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        IDisposable[] running;
        lock (_pipelines) running = _pipelines.ToArray();
        foreach (var p in running) p.Dispose();
        _store.Dispose();
    }

    /// <summary>A one-line description.</summary>
    public override string ToString() =>
        $"{Name}: {Count} images{(Mirror ? " (mirrored)" : "")}, {Resolution}x{Resolution}, {(Channels == 1 ? "greyscale" : "RGB")}" +
        (LabelDim > 0 ? $", labels of {LabelDim}" : "");
}
