using System.Diagnostics;
using GanKit.Networks;
using GanKit.Training.Data;

namespace GanKit.Training.Metrics;

/// <summary>Settings shared by the metrics of one evaluation.</summary>
public sealed record MetricRunOptions
{
    /// <summary>Truncation ψ of the generated images (1: none, as the reference measures).</summary>
    public double Psi { get; init; } = 1;

    /// <summary>Generated image i is seed <c>Seed + i</c>; reals are taken in the dataset's shuffled order for this seed; SWD's positions and directions too.</summary>
    public uint Seed { get; init; }

    /// <summary>The detector file for FID, KID and precision/recall; null: the Inception detector in the cache folder.</summary>
    public string? DetectorPath { get; init; }

    /// <summary>Arguments after the images in each detector call; empty: <c>return_features=True</c>.</summary>
    public object[] DetectorArguments { get; init; } = [];

    /// <summary>Images per detector pass.</summary>
    public int DetectorBatch { get; init; } = 32;

    /// <summary>Where cached real-image statistics go; null: <see cref="MetricCache.StatisticsFolder"/>.</summary>
    public string? StatisticsFolder { get; init; }

    /// <summary>Whether to read and write cached real-image statistics.</summary>
    public bool UseCache { get; init; } = true;
}

/// <summary>
/// Evaluates named metrics (<see cref="MetricSpec"/>) of a generator against a dataset. Feature sets are shared
/// between the metrics of one runner (fid50k_full and kid50k_full generate and detect once), and real-image
/// statistics are cached on disk keyed by the dataset's content hash, the detector's hash, the count and the seed,
/// as the reference caches them.
/// </summary>
public sealed class MetricRunner : IDisposable
{
    private readonly Generator _g;
    private readonly ITrainingDataset _dataset;
    private readonly MetricRunOptions _options;
    private readonly Dictionary<int, FeatureStatistics> _generated = new();
    private readonly Dictionary<int, FeatureStatistics> _reals = new();
    private FeatureDetector? _detector;
    private string? _detectorHash;
    private string? _datasetHash;

    /// <summary>A runner for <paramref name="G"/> (its device runs the detector too) against <paramref name="dataset"/>.</summary>
    public MetricRunner(Generator G, ITrainingDataset dataset, MetricRunOptions? options = null)
    {
        _g = G ?? throw new ArgumentNullException(nameof(G));
        _dataset = dataset ?? throw new ArgumentNullException(nameof(dataset));
        _options = options ?? new MetricRunOptions();
        var config = G.Config;
        if (dataset.Resolution != config.ImgResolution || dataset.Channels != config.ImgChannels)
            throw new ArgumentException($"the dataset '{dataset.Name}' holds {dataset.Resolution}×{dataset.Resolution} images with {dataset.Channels} channel(s), " +
                                        $"but the network makes {config.ImgResolution}×{config.ImgResolution} with {config.ImgChannels}: measure a network against the data it was trained on");
    }

    /// <summary>Receives (stage, done, total) as images are generated, read and measured.</summary>
    public Action<string, int, int>? Progress { get; set; }

    /// <summary>Where the last real statistics came from: a cache file that was read, or null.</summary>
    public string? LastCacheHit { get; private set; }

    /// <summary>Loads the detector now (its absence is then an error before any image is made).</summary>
    public void EnsureDetector()
    {
        if (_detector is not null) return;
        var path = FeatureDetector.Locate(_options.DetectorPath);
        _detector = FeatureDetector.Load(path, _g.device, _options.DetectorArguments);
        _detector.BatchSize = _options.DetectorBatch;
        _detectorHash = MetricCache.FileHash(path);
    }

    /// <summary>Evaluates one metric.</summary>
    public MetricResult Run(MetricSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var clock = Stopwatch.StartNew();
        if (spec.Kind == MetricKind.Swd)
        {
            var count = Math.Min(spec.Generated, _dataset.Count);
            var swd = Swd.ForGenerator(_g, _dataset, count, _options.Psi, _options.Seed, new SwdOptions { Seed = _options.Seed },
                (stage, n) => Progress?.Invoke(stage, n, count));
            var named = swd.ToDictionary().ToDictionary(kv => spec.Name + kv.Key[3..], kv => kv.Value);
            return new MetricResult(spec.Name, named, clock.Elapsed.TotalSeconds, count, count);
        }

        EnsureDetector();
        var gen = Generated(spec.Generated);
        var real = Reals(Math.Min(spec.Reals, _dataset.Count));
        var results = new Dictionary<string, double>();
        switch (spec.Kind)
        {
            case MetricKind.Fid:
                Progress?.Invoke("FID", 0, 1);
                results[spec.Name] = Fid.Compute(gen, real);
                break;
            case MetricKind.Kid:
                Progress?.Invoke("KID", 0, 1);
                results[spec.Name] = Kid.Compute(real.Features(), gen.Features(), seed: _options.Seed);
                break;
            default:
                Progress?.Invoke("precision/recall", 0, 1);
                var (p, r) = PrecisionRecall.Compute(real.Features(), gen.Features(), spec.K);
                results[spec.Name + "_precision"] = p;
                results[spec.Name + "_recall"] = r;
                break;
        }
        return new MetricResult(spec.Name, results, clock.Elapsed.TotalSeconds, (int)gen.Count, (int)real.Count);
    }

    /// <summary>Frees the detector and the feature sets.</summary>
    public void Dispose()
    {
        _detector?.Dispose();
        foreach (var s in _generated.Values.Concat(_reals.Values)) s.Dispose();
        _generated.Clear();
        _reals.Clear();
    }

    private FeatureStatistics Generated(int count)
    {
        if (_generated.TryGetValue(count, out var cached)) return cached;
        var stats = new FeatureStatistics(keepFeatures: true);
        try
        {
            foreach (var batch in MetricImages.FromGenerator(_g, count, _options.Psi, _options.Seed))
            {
                using (batch)
                using (var features = _detector!.Features(batch)) stats.Add(features);
                Progress?.Invoke("fakes", (int)stats.Count, count);
            }
        }
        catch
        {
            stats.Dispose();
            throw;
        }
        _generated[count] = stats;
        return stats;
    }

    private FeatureStatistics Reals(int count)
    {
        LastCacheHit = null;
        if (_reals.TryGetValue(count, out var known)) return known;
        var file = CacheFile(count);
        if (file is not null && File.Exists(file))
        {
            try
            {
                var loaded = FeatureStatistics.Load(file);
                if (loaded.Count == count && loaded.KeepsFeatures)
                {
                    LastCacheHit = file;
                    return _reals[count] = loaded;
                }
                loaded.Dispose();
            }
            catch (Exception e) when (e is InvalidDataException or IOException or GanKitFormatException)
            {
                // A damaged cache file is recomputed and replaced.
            }
        }
        var stats = new FeatureStatistics(keepFeatures: true);
        try
        {
            foreach (var batch in MetricImages.FromDataset(_dataset, count, _options.Seed))
            {
                using (batch)
                using (var features = _detector!.Features(batch)) stats.Add(features);
                Progress?.Invoke("reals", (int)stats.Count, count);
            }
            if (file is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                stats.Save(file);
            }
        }
        catch
        {
            stats.Dispose();
            throw;
        }
        return _reals[count] = stats;
    }

    private string? CacheFile(int count)
    {
        if (!_options.UseCache || _dataset is not ImageFolderDataset folder) return null;
        _datasetHash ??= MetricCache.DatasetHash(folder.SourcePath);
        // The order only matters when the count leaves some images out.
        var order = count < _dataset.Count ? $"-seed{_options.Seed}" : "";
        var mirror = folder.Mirror ? "-mirror" : "";
        var name = $"{Sanitize(_dataset.Name)}-{_datasetHash[..16]}-det{_detectorHash}-n{count}{order}{mirror}.npz";
        return Path.Combine(_options.StatisticsFolder ?? MetricCache.StatisticsFolder, name);
    }

    private static string Sanitize(string name) =>
        new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_').Take(40).ToArray());
}
