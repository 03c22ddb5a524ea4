using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Networks;
using GanKit.Networks.Config;
using GanKit.Networks.Layers;
using GanKit.Training.Augment;
using GanKit.Training.Data;

namespace GanKit.Training;

/// <summary>
/// A StyleGAN2 training run, usable from a notebook or the <c>gankit train</c> verb: builds (or resumes) the networks,
/// trains them on minibatches of a data set with <see cref="TrainingStep"/>, and keeps a run folder
/// <c>OUTDIR/NNNNN-&lt;desc&gt;/</c> with <c>training_options.json</c>, <c>log.txt</c>, <c>stats.jsonl</c> (one line per tick),
/// <c>fakes-KKKKKK.png</c> (a fixed grid of seeds from G_ema, at the start and at every snapshot) and
/// <c>network-snapshot-KKKKKK.safetensors</c> (every <see cref="TrainingRunOptions.Snap"/> ticks, at the end and when
/// stopped; see <see cref="TrainingCheckpoint"/>). KKKKKK is cur_nimg / 1000, as the reference names its files, so with
/// ticks under 1 kimg later files of the same kimg replace earlier ones.
/// <para>
/// <c>--resume</c> from a training snapshot continues it exactly in a new run folder: the weights, both optimizers,
/// cur_nimg, the batch index, the tick, pl_mean, torch's CPU generator and the position in the data stream; on the
/// CPU the result is bit-identical to an uninterrupted run. A plain network file or a reference <c>.pkl</c> gives
/// starting weights only (fresh optimizers, cur_nimg 0; a fresh D when the file has none).
/// </para>
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly TickAccumulator _tick = new();
    private readonly Device _device;
    private readonly bool _resumed;
    private volatile bool _stopRequested;
    private string? _runDirectory;

    /// <summary>
    /// Prepares a run of <paramref name="options"/> on <paramref name="dataset"/> (not owned: the caller disposes it):
    /// checks the options, builds or loads the networks and the optimizers. Writes nothing; <see cref="Run"/> does.
    /// </summary>
    public TrainingRun(TrainingRunOptions options, ITrainingDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataset);
        options.Validate();
        Options = options;
        Dataset = dataset;
        _device = options.Device ?? torch.CPU;
        if (options.Cond && dataset.LabelDim == 0)
            throw new ArgumentException($"--cond: the data set '{dataset.Name}' has no labels (a dataset.json with \"labels\" is needed)");
        var cDim = options.Cond ? dataset.LabelDim : 0;
        Preset = TrainingPreset.Get(options.Cfg, dataset.Resolution);
        Batch = options.Batch ?? Preset.Batch;
        var recipe = Preset.Recipe() with
        {
            R1Gamma = options.Gamma ?? Preset.Gamma,
            GLearningRate = options.GLr ?? Preset.LearningRate,
            DLearningRate = options.DLr ?? Preset.LearningRate,
        };

        var progress = options.Resume is { } resume ? TrainingCheckpoint.ReadProgress(resume) : null;
        _resumed = progress is not null;
        var (G, D, G_ema) = BuildNetworks(options, dataset, cDim);
        try
        {
            G.to(_device);
            D.to(_device);
            G_ema.to(_device);
            G_ema.eval();
            var augment = options.Aug == "noaug" ? null : AugmentPipeline.Named(options.AugPipe, options.P ?? 0);
            var adaptive = options.Aug == "ada" ? new AdaptiveAugmentation(augment!, options.Target, speedKimg: options.AdaKimg) : null;
            Step = new TrainingStep(G, D, G_ema, recipe, augment: augment, adaptive: adaptive, freezeD: options.FreezeD);
            Progress = progress is null
                ? new TrainingProgress(0, 0, 0, 0, options.Seed)
                : TrainingCheckpoint.Restore(options.Resume!, Step);
        }
        catch
        {
            Step?.Dispose();
            G.Dispose();
            D.Dispose();
            G_ema.Dispose();
            throw;
        }
        if (Progress.CurNimg >= TotalNimg)
        {
            Dispose();
            throw new ArgumentException($"--kimg {TrainingRunOptions.Format(options.Kimg)}: the snapshot '{options.Resume}' is already at " +
                                        $"{Progress.CurNimg / 1000.0:0.###} kimg; ask for more to continue it");
        }
    }

    /// <summary>The settings.</summary>
    public TrainingRunOptions Options { get; }

    /// <summary>The training images.</summary>
    public ITrainingDataset Dataset { get; }

    /// <summary>The <c>--cfg</c> preset at the data's resolution (optimisation settings; the networks unless a configuration file is given).</summary>
    public TrainingPreset Preset { get; }

    /// <summary>The minibatch size in use.</summary>
    public int Batch { get; }

    /// <summary>The networks, optimizers and loss.</summary>
    public TrainingStep Step { get; }

    /// <summary>Where the run stands (updated after every tick).</summary>
    public TrainingProgress Progress { get; private set; }

    /// <summary>The run folder, once <see cref="Run"/> has made it.</summary>
    public string? RunDirectory => _runDirectory;

    /// <summary>The latest fakes grid rendered (at the start and at every snapshot), or null before the run.</summary>
    public RgbImage? LatestFakes { get; private set; }

    /// <summary>The last snapshot written by this run, or null.</summary>
    public string? LastSnapshot { get; private set; }

    /// <summary>Raised after every tick (on the training thread) with its statistics and the latest fakes grid.</summary>
    public event EventHandler<TrainingTickEventArgs>? Tick;

    /// <summary>Raised for every line written to <c>log.txt</c>.</summary>
    public event Action<string>? Logged;

    /// <summary>The run's length in images.</summary>
    public long TotalNimg => (long)Math.Round(Options.Kimg * 1000);

    /// <summary>The seeds of the fakes grid: 0 .. columns·rows − 1.</summary>
    public (int Columns, int Rows) FakesGridSize => Dataset.Resolution switch
    {
        <= 64 => (8, 4),
        <= 256 => (6, 3),
        _ => (4, 2),
    };

    /// <summary>The run folder's name without its number: data, cfg, batch and γ (and cond, mirror, resume).</summary>
    public string Description
    {
        get
        {
            var name = Regex.Replace(Dataset.Name, @"[^A-Za-z0-9._-]+", "_");
            var description = new StringBuilder(name.Length > 0 ? name : "data");
            if (Options.Cond) description.Append("-cond");
            if (Options.Mirror) description.Append("-mirror");
            description.Append('-').Append(Options.NetworkConfig is null ? Options.Cfg : Options.Cfg + "-custom");
            description.Append("-batch").Append(Batch.ToString(CultureInfo.InvariantCulture));
            description.Append("-gamma").Append(TrainingRunOptions.Format(Step.Loss.R1.Gamma));
            description.Append(Options.Aug switch { "fixed" => $"-p{TrainingRunOptions.Format(Options.P ?? 0)}", "noaug" => "-noaug", _ => "" });
            if (Options.FreezeD > 0) description.Append("-freezed").Append(Options.FreezeD.ToString(CultureInfo.InvariantCulture));
            if (Options.Resume is not null) description.Append("-resume");
            return description.ToString();
        }
    }

    /// <summary>Asks the run to stop after the current step and write a snapshot (a notebook's Stop button); thread-safe.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>G_ema's images of the fixed grid seeds (classes round-robin for a conditional network), as one grid image.</summary>
    public RgbImage RenderFakes()
    {
        var (columns, rows) = FakesGridSize;
        var seeds = Enumerable.Range(0, columns * rows).Select(i => (uint)i).ToArray();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var G = Step.G_ema;
        var z = SeedLatents.Z(seeds, G.mapping.ZDim, _device);
        Tensor? c = null;
        if (G.mapping.CDim > 0)
        {
            var oneHot = new float[seeds.Length * G.mapping.CDim];
            for (var i = 0; i < seeds.Length; i++) oneHot[i * G.mapping.CDim + i % G.mapping.CDim] = 1;
            c = torch.tensor(oneHot, [seeds.Length, G.mapping.CDim], device: _device);
        }
        var ws = G.mapping.forward(z, c);
        var images = G.Synthesize(ws, NoiseMode.Const);
        return ImageGrid.Of(TensorImageConversion.ToImages(images.cpu()), columns).ToImage();
    }

    /// <summary>
    /// Trains until <see cref="TrainingRunOptions.Kimg"/>, a cancellation of <paramref name="cancellationToken"/> or
    /// <see cref="Stop"/> (either finishes the current step, then writes a snapshot). Divergence (non-finite
    /// weights, or NaN or infinite losses in <see cref="MaxConsecutiveNonFinite"/> minibatches in a row) throws
    /// <see cref="TrainingDivergedException"/> naming the phase, without writing a snapshot; a lone non-finite
    /// minibatch is logged and skipped. A failure before the first
    /// step removes the run folder.
    /// </summary>
    public TrainingRunResult Run(CancellationToken cancellationToken = default)
    {
        if (_runDirectory is not null) throw new InvalidOperationException("this training run has already run; create a new TrainingRun");
        var runDirectory = CreateRunDirectory();
        _runDirectory = runDirectory;
        var stepsDone = 0;
        try
        {
            return Loop(runDirectory, cancellationToken, () => stepsDone++);
        }
        catch when (stepsDone == 0)
        {
            try { Directory.Delete(runDirectory, recursive: true); }
            catch (IOException) { }
            throw;
        }
    }

    private TrainingRunResult Loop(string runDirectory, CancellationToken cancellationToken, Action stepDone)
    {
        var recipe = Step.Recipe;
        AtomicFile.WriteAllText(Path.Combine(runDirectory, "training_options.json"), new JsonObject
        {
            ["options"] = Options.ToJson(Batch, Step.Loss.R1.Gamma),
            ["dataset"] = new JsonObject
            {
                ["name"] = Dataset.Name, ["count"] = Dataset.Count, ["resolution"] = Dataset.Resolution,
                ["channels"] = Dataset.Channels, ["label_dim"] = Dataset.LabelDim,
            },
            ["G_kwargs"] = Step.G.Config.ToJson(),
            ["D_kwargs"] = Step.D.Config.ToJson(),
            ["recipe"] = new JsonObject
            {
                ["G_lr"] = recipe.GLearningRate, ["D_lr"] = recipe.DLearningRate, ["r1_gamma"] = recipe.R1Gamma,
                ["ema_kimg"] = recipe.EmaKimg, ["ema_rampup"] = recipe.EmaRampup, ["G_reg_interval"] = recipe.GRegInterval,
                ["D_reg_interval"] = recipe.DRegInterval, ["pl_weight"] = recipe.PlWeight, ["style_mixing_prob"] = recipe.StyleMixingProbability,
                ["betas"] = new JsonArray(recipe.Beta1, recipe.Beta2), ["eps"] = recipe.Epsilon,
            },
            ["resume"] = _resumed ? new JsonObject { ["from"] = Options.Resume, ["cur_nimg"] = Progress.CurNimg, ["batch_idx"] = Progress.BatchIndex } : null,
        }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        Log($"run folder {runDirectory}");
        Log($"data '{Dataset.Name}': {Dataset.Count} images of {Dataset.Resolution}x{Dataset.Resolution}x{Dataset.Channels}" +
            (Options.Cond ? $", {Dataset.LabelDim} labels" : ""));
        Log($"cfg {Options.Cfg}{(Options.NetworkConfig is null ? "" : $" with networks of {Options.NetworkConfig}")}, batch {Batch}, " +
            $"gamma {TrainingRunOptions.Format(Step.Loss.R1.Gamma)}, {TrainingRunOptions.Format(Options.Kimg)} kimg, device {_device}");
        if (Options.Resume is not null)
            Log(_resumed ? $"resuming '{Options.Resume}' at {Progress.CurNimg / 1000.0:0.000} kimg (batch {Progress.BatchIndex}, tick {Progress.Tick})"
                         : $"starting from the weights of '{Options.Resume}' with fresh optimizers");
        if (Step.Loss.Augment is { } pipe)
            Log($"augment {Options.Aug} with '{pipe.Name}', p {pipe.P:0.000}" + (Step.Adaptive is { } ada ? $", target r_t {TrainingRunOptions.Format(ada.Target)}" : ""));
        if (Step.FreezeD > 0)
            Log($"FreezeD: D's first {Step.FreezeD} layers frozen ({string.Join(", ", DiscriminatorFreezing.Layers(Step.D).Take(Step.FreezeD))})");
        WriteFakes(runDirectory);

        var statsPath = Path.Combine(runDirectory, "stats.jsonl");
        var tickNimg = Math.Max(1, (long)Math.Round(Options.TickKimg * 1000));
        var tick = Progress.Tick;
        var tickStartNimg = Progress.TickStartNimg;
        var lastSnapshotNimg = -1L;
        var start = Stopwatch.StartNew();
        var tickWatch = Stopwatch.StartNew();
        var tickStartNimgForSpeed = Step.CurNimg;
        _tick.Clear();

        using var batches = Dataset.Batches(Batch, Progress.Seed, Progress.CurNimg).GetEnumerator();
        var consecutiveNonFinite = 0;
        while (true)
        {
            if (!batches.MoveNext()) throw new InvalidOperationException($"the data set '{Dataset.Name}' ended its stream of minibatches");
            using (var batch = batches.Current)
            using (var scope = torch.NewDisposeScope())
            {
                var real = batch.Images.to(_device).to(ScalarType.Float32) / 127.5 - 1;
                var labels = Options.Cond ? batch.Labels?.to(_device) : null;
                // Fakes get labels drawn from the data set, as the reference does: here the batch's labels in a random order.
                var genLabels = labels?.index_select(0, torch.randperm(labels.size(0), device: _device));
                var result = Step.Run(real, labels, genLabels);
                if (result.FirstNonFinite is { } bad)
                {
                    // Step.Run already zeroed the non-finite gradients, as the reference does, so the weights are
                    // intact. A lone non-finite minibatch is skipped; divergence (weights gone non-finite, or
                    // non-finite losses several minibatches in a row) stops the run.
                    var (quantity, value) = bad.Values().First(v => !double.IsFinite(v.Value));
                    consecutiveNonFinite++;
                    if (consecutiveNonFinite >= MaxConsecutiveNonFinite || !NetworksFinite())
                    {
                        var error = new TrainingDivergedException(bad.Phase, quantity, value, Step.CurNimg, LastSnapshot);
                        Log(error.Message);
                        throw error;
                    }
                    Log($"minibatch {Step.BatchIndex}: the {bad.Phase} phase's {quantity} is {value.ToString(CultureInfo.InvariantCulture)}; " +
                        "its gradients were zeroed and the minibatch skipped (the weights are finite)");
                }
                else
                {
                    consecutiveNonFinite = 0;
                    _tick.Add(result);
                }
            }
            stepDone();
            if (Step.BatchIndex % NativeCollectInterval == 0) CollectNativeGarbage();

            var done = Step.CurNimg >= TotalNimg;
            var stopping = cancellationToken.IsCancellationRequested || _stopRequested;
            if (!done && !stopping && Step.CurNimg < tickStartNimg + tickNimg) continue;

            // End of a tick (or of a shortened one when stopping).
            tick++;
            var tickSeconds = tickWatch.Elapsed.TotalSeconds;
            var images = Step.CurNimg - tickStartNimgForSpeed;
            var stats = new TrainingTickStats(tick, Step.CurNimg, Step.BatchIndex, _tick.Mean("G"), _tick.Mean("Dfake"), _tick.Mean("Dreal"),
                _tick.Mean("r1"), _tick.Mean("plp"), _tick.Mean("pl"), Step.Loss.PathLength.PlMean,
                images > 0 ? tickSeconds / images * 1000 : 0, tickSeconds, start.Elapsed.TotalSeconds,
                Environment.WorkingSet / (1024.0 * 1024.0), Options.Kimg)
            {
                AugmentP = Step.Loss.Augment?.P,
                RealSign = _tick.RealSign,
            };
            File.AppendAllText(statsPath, stats.ToJson().ToJsonString() + "\n");
            Log(stats.ToString());
            tickStartNimg = Step.CurNimg;
            Progress = new TrainingProgress(Step.CurNimg, Step.BatchIndex, tick, tickStartNimg, Progress.Seed);

            string? snapshot = null;
            if (done || stopping || tick % Options.Snap == 0)
            {
                snapshot = WriteSnapshot(runDirectory);
                lastSnapshotNimg = Step.CurNimg;
            }
            Tick?.Invoke(this, new TrainingTickEventArgs(stats, LatestFakes, snapshot));

            // A handler may stop the run: that tick's snapshot is then the last.
            stopping = cancellationToken.IsCancellationRequested || _stopRequested;
            if (stopping && lastSnapshotNimg != Step.CurNimg) WriteSnapshot(runDirectory);
            if (done || stopping)
            {
                Log(done ? $"done: {Step.CurNimg / 1000.0:0.000} kimg" : $"stopped at {Step.CurNimg / 1000.0:0.000} kimg; resume with --resume {LastSnapshot}");
                return new TrainingRunResult(runDirectory, Progress, LastSnapshot!, !done);
            }
            _tick.Clear();
            tickWatch.Restart();
            tickStartNimgForSpeed = Step.CurNimg;
        }
    }

    /// <summary>Minibatches between collections of TorchSharp's finalizer-freed native objects (see <see cref="CollectNativeGarbage"/>).</summary>
    internal const int NativeCollectInterval = 16;

    /// <summary>Non-finite losses in this many minibatches in a row stop the run as diverged.</summary>
    public const int MaxConsecutiveNonFinite = 4;

    /// <summary>Whether every parameter of G, D and G_ema is finite.</summary>
    private bool NetworksFinite()
    {
        using var noGrad = torch.no_grad();
        foreach (var module in new torch.nn.Module[] { Step.G, Step.D, Step.G_ema })
            foreach (var p in module.parameters())
                if (!p.isfinite().all().ToBoolean()) return false;
        return true;
    }

    /// <summary>
    /// Runs the .NET collector and finalizers. Every TorchSharp step allocates small native objects that only a
    /// finalizer frees (a <c>Scalar</c> per scalar argument, wrappers): the managed heap stays tiny, so the collector
    /// seldom runs and resident memory grows by about 1 MB per minibatch; collecting every 16 minibatches keeps it flat.
    /// </summary>
    internal static void CollectNativeGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
    }

    private string WriteSnapshot(string runDirectory)
    {
        var kimg = Step.CurNimg / 1000;
        var path = Path.Combine(runDirectory, $"network-snapshot-{kimg:D6}.safetensors");
        TrainingCheckpoint.Save(path, Step, Progress);
        LastSnapshot = path;
        Log($"snapshot {Path.GetFileName(path)} at {Step.CurNimg / 1000.0:0.000} kimg");
        WriteFakes(runDirectory);
        MeasureSnapshot(runDirectory, path);
        return path;
    }

    /// <summary>
    /// The <c>--metrics</c> of G_ema at this snapshot, appended to <c>metrics.jsonl</c> and the log. Metrics draw from
    /// their own seeded generators and read the data through a separate stream, so the run's random state and data
    /// order stay as they were (resume remains exact).
    /// </summary>
    private void MeasureSnapshot(string runDirectory, string snapshot)
    {
        if (Options.Metrics is null) return;
        using var runner = new Metrics.MetricRunner(Step.G_ema, Dataset, new Metrics.MetricRunOptions { DetectorPath = Options.Detector });
        foreach (var spec in Metrics.MetricSpec.ParseList(Options.Metrics))
        {
            var result = runner.Run(spec);
            result.AppendTo(Path.Combine(runDirectory, "metrics.jsonl"), Path.GetFileName(snapshot));
            Log($"metric {result}");
        }
    }

    private void WriteFakes(string runDirectory)
    {
        LatestFakes = RenderFakes();
        LatestFakes.Save(Path.Combine(runDirectory, $"fakes-{Step.CurNimg / 1000:D6}.png"));
    }

    private void Log(string line)
    {
        var text = $"{DateTime.Now:yyyy-MM-dd HH:mm:ss} {line}";
        if (_runDirectory is not null) File.AppendAllText(Path.Combine(_runDirectory, "log.txt"), text + "\n");
        Logged?.Invoke(line);
    }

    private string CreateRunDirectory()
    {
        var outdir = Path.GetFullPath(Options.OutDir);
        try
        {
            Directory.CreateDirectory(outdir);
            var next = Directory.EnumerateDirectories(outdir)
                .Select(d => Regex.Match(Path.GetFileName(d), @"^(\d+)"))
                .Where(m => m.Success)
                .Select(m => int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : 0)
                .DefaultIfEmpty(0).Max();
            var path = Path.Combine(outdir, $"{next:D5}-{Description}");
            Directory.CreateDirectory(path);
            // Probe: a folder may be creatable where files are not (or the reverse on odd mounts).
            var probe = Path.Combine(path, ".write-test");
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"--outdir '{Options.OutDir}' is not writable: {e.Message}", e);
        }
    }

    private (Generator G, Discriminator D, Generator G_ema) BuildNetworks(TrainingRunOptions options, ITrainingDataset dataset, int cDim)
    {
        GeneratorConfig gConfig;
        DiscriminatorConfig dConfig;
        if (options.NetworkConfig is { } file)
        {
            (gConfig, dConfig) = NetworkConfigFile.Read(file);
            gConfig = gConfig with { CDim = cDim };
            dConfig = dConfig with { CDim = cDim };
        }
        else
        {
            gConfig = Preset.Generator(dataset.Resolution, dataset.Channels, cDim, fp16: _device.type == DeviceType.CUDA);
            dConfig = Preset.Discriminator(dataset.Resolution, dataset.Channels, cDim, fp16: _device.type == DeviceType.CUDA);
        }

        torch.manual_seed(options.Seed);
        if (options.Resume is not { } resume)
        {
            CheckFits(gConfig, dataset, cDim, options.NetworkConfig ?? $"--cfg {options.Cfg}");
            var g = new Generator(gConfig);
            var d = new Discriminator(dConfig);
            var ema = new Generator(gConfig);
            GeneratorEma.Update(ema, g, 0);
            return (g, d, ema);
        }

        var set = NetworkFile.Load(resume);
        try
        {
            if (_resumed)
            {
                CheckFits(set.G_ema.Config, dataset, cDim, $"--resume '{resume}'");
                if (set.G is null || set.D is null) throw new GanKitFormatException(resume, "the training snapshot lacks G or D");
                return (set.G, set.D, set.G_ema);
            }
            return Transfer(set, resume, options, dataset, cDim, gConfig, dConfig);
        }
        catch
        {
            set.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Starting weights from a plain network file or a reference pickle: networks of the run's shape (the file's own
    /// architecture at the data's resolution and channels, or <c>--network-config</c>'s) receive the file's tensors by
    /// name, strictly (<see cref="TransferWeights"/>). G starts as the file's G (its G_ema when it has none) and D as the
    /// file's D, or fresh when the file has none.
    /// </summary>
    private static (Generator G, Discriminator D, Generator G_ema) Transfer(NetworkSet set, string resume, TrainingRunOptions options,
        ITrainingDataset dataset, int cDim, GeneratorConfig gConfig, DiscriminatorConfig dConfig)
    {
        var fileConfig = set.G_ema.Config;
        if (fileConfig.CDim != cDim)
            throw new ArgumentException($"--resume '{resume}': the generator has c_dim = {fileConfig.CDim}, but the run uses {cDim} labels" +
                                        (cDim == 0 ? " (pass --cond to use the data set's labels)" : ""));
        if (options.NetworkConfig is null)
        {
            gConfig = fileConfig with { ImgResolution = dataset.Resolution, ImgChannels = dataset.Channels };
            dConfig = (set.D?.Config ?? dConfig) with { ImgResolution = dataset.Resolution, ImgChannels = dataset.Channels, CDim = cDim };
        }
        var hint = $"the file's networks make {fileConfig.ImgResolution}x{fileConfig.ImgResolution}x{fileConfig.ImgChannels} images, " +
                   $"the data set '{dataset.Name}' holds {dataset.Resolution}x{dataset.Resolution}x{dataset.Channels}";
        var what = $"--resume '{resume}'";
        Generator? G = null, G_ema = null;
        Discriminator? D = null;
        try
        {
            G_ema = new Generator(gConfig);
            TransferWeights.Copy(set.G_ema, G_ema, what + " (G_ema)", hint);
            G = new Generator(gConfig);
            TransferWeights.Copy(set.G ?? set.G_ema, G, what + (set.G is null ? " (G_ema as G)" : " (G)"), hint);
            D = new Discriminator(dConfig);
            if (set.D is not null) TransferWeights.Copy(set.D, D, what + " (D)", hint);
        }
        catch
        {
            G?.Dispose();
            G_ema?.Dispose();
            D?.Dispose();
            throw;
        }
        set.Dispose();
        return (G, D, G_ema);
    }

    private static void CheckFits(GeneratorConfig config, ITrainingDataset dataset, int cDim, string source)
    {
        if (config.ImgResolution != dataset.Resolution || config.ImgChannels != dataset.Channels)
            throw new ArgumentException($"{source}: the networks make {config.ImgResolution}x{config.ImgResolution}x{config.ImgChannels} images, " +
                                        $"but the data set '{dataset.Name}' holds {dataset.Resolution}x{dataset.Resolution}x{dataset.Channels}");
        if (config.CDim != cDim)
            throw new ArgumentException($"{source}: the generator has c_dim = {config.CDim}, but the run uses {cDim} labels" +
                                        (cDim == 0 ? " (pass --cond to use the data set's labels)" : ""));
    }

    /// <summary>Frees the networks, optimizers and loss state (not the data set).</summary>
    public void Dispose()
    {
        Step.Dispose();
        Step.G.Dispose();
        Step.D.Dispose();
        Step.G_ema.Dispose();
    }
}
