using System.Text.Json.Nodes;
using GanKit.Networks;
using GanKit.Torch;
using GanKit.Training;

namespace GanKit.Tests.Training.Loop;

/// <summary>
/// Short runs of the fixture's small networks (32², batch 4) on synthetic images: 0.064 kimg in ticks of 0.016 kimg
/// (16 minibatches, 4 ticks), which covers both lazy-regularisation phases.
/// </summary>
[Collection(GlobalRngCollection.Name)]
public class TrainingRunTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gankit-trainloop-").FullName;

    private TrainingRunOptions Options(string outdir, int snap = 1, string? resume = null) => new()
    {
        OutDir = Path.Combine(_root, outdir),
        Data = "squares",
        NetworkConfig = Fixtures.Path("config.json"),
        Kimg = 0.064,
        TickKimg = 0.016,
        Batch = 4,
        Snap = snap,
        Seed = 7,
        Resume = resume,
    };

    private static TrainingRunResult Train(TrainingRunOptions options, Action<TrainingRun>? configure = null)
    {
        using var dataset = new InMemoryDataset();
        using var run = new TrainingRun(options, dataset);
        configure?.Invoke(run);
        return run.Run();
    }

    [Fact]
    public void ShortRunWritesEveryFile()
    {
        using var dataset = new InMemoryDataset();
        using var run = new TrainingRun(Options("short", snap: 2), dataset);
        var ticks = new List<TrainingTickEventArgs>();
        run.Tick += (_, e) => ticks.Add(e);
        var result = run.Run();

        Assert.False(result.Stopped);
        Assert.Equal(64, result.Progress.CurNimg);
        Assert.Equal(16, result.Progress.BatchIndex);
        var dir = result.RunDirectory;
        Assert.Equal("00000-squares-auto-custom-batch4-gamma0.0064", Path.GetFileName(dir));
        foreach (var name in new[] { "training_options.json", "log.txt", "stats.jsonl", "fakes-000000.png", "network-snapshot-000000.safetensors" })
            Assert.True(File.Exists(Path.Combine(dir, name)), $"{name} missing in {dir}: {string.Join(", ", Directory.GetFiles(dir).Select(Path.GetFileName))}");
        Assert.Empty(Directory.GetFiles(dir, "*.tmp*"));

        var options = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "training_options.json")))!;
        Assert.Equal(4, options["options"]!["batch"]!.GetValue<int>());
        Assert.Equal(32, options["G_kwargs"]!["img_resolution"]!.GetValue<int>());

        var lines = File.ReadAllLines(Path.Combine(dir, "stats.jsonl"));
        Assert.Equal(4, lines.Length);
        var stats = lines.Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();
        Assert.Equal([0.016, 0.032, 0.048, 0.064], stats.Select(s => s["kimg"]!.GetValue<double>()));
        Assert.Equal([1, 2, 3, 4], stats.Select(s => s["tick"]!.GetValue<int>()));
        foreach (var s in stats)
        {
            foreach (var key in new[] { "loss_G", "loss_D", "sec_per_kimg", "resident_mb", "pl_mean" })
                Assert.True(s[key] is JsonValue v && double.IsFinite(v.GetValue<double>()), $"{key} in {s.ToJsonString()}");
        }
        // R1 runs at minibatches 0 and 16 (only 0 here), path length at 0, 4, 8, 12: each appears in some tick.
        Assert.Contains(stats, s => s["r1_penalty"] is JsonValue);
        Assert.Contains(stats, s => s["path_length"] is JsonValue);
        Assert.True(stats[^1]["pl_mean"]!.GetValue<double>() > 0);

        Assert.Equal(4, ticks.Count);
        Assert.All(ticks, t => Assert.NotNull(t.Fakes));
        Assert.Equal([null, dir + "/network-snapshot-000000.safetensors", null, dir + "/network-snapshot-000000.safetensors"], ticks.Select(t => t.Snapshot));
        var fakes = RgbImageOf(Path.Combine(dir, "fakes-000000.png"));
        Assert.Equal((8 * 32 + 9 * 2, 4 * 32 + 5 * 2), fakes); // 8×4 cells, 2-pixel gaps around them

        using var set = NetworkFile.Load(result.LastSnapshot);
        Assert.NotNull(set.G);
        Assert.NotNull(set.D);
        Assert.Equal(32, set.G_ema.Config.ImgResolution);
        var progress = TrainingCheckpoint.ReadProgress(result.LastSnapshot)!;
        Assert.Equal(new TrainingProgress(64, 16, 4, 64, 7), progress);
        var tensors = Safetensors.Read(result.LastSnapshot);
        Assert.Contains("G_opt.mapping.fc0.weight.exp_avg", tensors.Keys);
        Assert.Contains("D_opt.b32.fromrgb.weight.exp_avg_sq", tensors.Keys);
        Assert.Contains("rng.cpu", tensors.Keys);
        Assert.Contains("loss.pl_mean", tensors.Keys);
        Assert.Contains("snapshot network-snapshot-000000.safetensors", File.ReadAllText(Path.Combine(dir, "log.txt")));
    }

    private static (int, int) RgbImageOf(string path)
    {
        var image = GanKit.Imaging.RgbImage.Load(path);
        return (image.Width, image.Height);
    }

    [Fact]
    public void StoppedAndResumedRunEndsBitIdenticalToAnUninterruptedOne()
    {
        var whole = Train(Options("whole"));

        // Stop from the tick handler after the second tick's snapshot, as a notebook's Stop button would.
        using var cancel = new CancellationTokenSource();
        TrainingRunResult first;
        using (var dataset = new InMemoryDataset())
        using (var run = new TrainingRun(Options("parts"), dataset))
        {
            run.Tick += (_, e) =>
            {
                if (e.Stats.Tick == 2) cancel.Cancel();
            };
            first = run.Run(cancel.Token);
        }
        Assert.True(first.Stopped);
        Assert.Equal(32, first.Progress.CurNimg);

        InMemoryDataset? resumedData = null;
        var second = Train(Options("parts", resume: first.LastSnapshot), run => resumedData = (InMemoryDataset)run.Dataset);
        Assert.False(second.Stopped);
        Assert.Equal(64, second.Progress.CurNimg);
        Assert.NotEqual(first.RunDirectory, second.RunDirectory);
        Assert.StartsWith("00001-", Path.GetFileName(second.RunDirectory));
        Assert.Equal([32L], resumedData!.StartIndices);
        // The resumed run's ticks continue the first's.
        var ticks = File.ReadAllLines(Path.Combine(second.RunDirectory, "stats.jsonl")).Select(l => JsonNode.Parse(l)!["tick"]!.GetValue<int>());
        Assert.Equal([3, 4], ticks);

        var expected = Safetensors.Read(whole.LastSnapshot);
        var actual = Safetensors.Read(second.LastSnapshot);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        var different = expected.Keys.Where(k => !expected[k].Data.AsSpan().SequenceEqual(actual[k].Data)).ToList();
        Assert.True(different.Count == 0, $"{different.Count} tensors differ, e.g. {string.Join(", ", different.Take(5))}");
        Assert.Contains(expected.Keys, k => k.StartsWith("G_ema.", StringComparison.Ordinal));
    }

    [Fact]
    public void NonFiniteLossStopsNamingThePhaseAndKeepsTheLastGoodSnapshot()
    {
        using var dataset = new InMemoryDataset();
        using var run = new TrainingRun(Options("nan"), dataset);
        run.Tick += (_, e) =>
        {
            if (e.Stats.Tick != 1) return;
            // Poison D: the next Gmain sees NaN logits.
            using var noGrad = torch.no_grad();
            foreach (var p in run.Step.D.parameters()) p.fill_(double.NaN);
        };
        var error = Assert.Throws<TrainingDivergedException>(() => run.Run());
        Assert.Equal(LossPhase.Gmain, error.Phase);
        Assert.Contains("Gmain", error.Message);
        Assert.Contains("NaN", error.Message);
        Assert.NotNull(error.LastSnapshot);
        Assert.Contains(error.LastSnapshot!, error.Message);
        Assert.Equal(16, TrainingCheckpoint.ReadProgress(error.LastSnapshot!)!.CurNimg);
        using var set = NetworkFile.Load(error.LastSnapshot!);
        using var noGrad2 = torch.no_grad();
        Assert.All(set.D!.parameters(), p => Assert.False(p.isnan().any().ToBoolean()));
        Assert.Contains("Gmain", File.ReadAllText(Path.Combine(run.RunDirectory!, "log.txt")));
    }

    [Fact]
    public void ResumingFromAPlainNetworkFileStartsFreshOptimizersFromItsWeights()
    {
        var path = Path.Combine(_root, "plain.safetensors");
        using (var dataset = new InMemoryDataset())
        using (var run = new TrainingRun(Options("x"), dataset))
            NetworkFile.Save(path, run.Step.G_ema, run.Step.D);
        using var data = new InMemoryDataset();
        using var resumed = new TrainingRun(Options("plain", resume: path) with { Kimg = 0.008, TickKimg = 0.008 }, data);
        Assert.Equal(0, resumed.Progress.CurNimg);
        var expected = Safetensors.Read(path);
        foreach (var (name, p) in resumed.Step.G.named_parameters())
            Assert.True(RawTensor.FromTensor(p).Data.AsSpan().SequenceEqual(expected["G_ema." + name].Data), name);
        var result = resumed.Run();
        Assert.Equal(8, result.Progress.CurNimg);
    }

    [Fact]
    public void ResumingFromAReferencePickleStartsFromItsNetworks()
    {
        var pkl = Fixtures.Path("network-snapshot.pkl");
        using var reference = NetworkFile.Load(pkl);
        using var data = new InMemoryDataset();
        using var run = new TrainingRun(Options("pkl", resume: pkl) with { Kimg = 0.008, TickKimg = 0.008 }, data);
        Assert.Equal(0, run.Step.CurNimg);
        foreach (var (module, expected) in new (torch.nn.Module, torch.nn.Module)[] { (run.Step.G_ema, reference.G_ema), (run.Step.D, reference.D!) })
        {
            var want = expected.state_dict();
            foreach (var (name, t) in module.state_dict())
                Assert.True(RawTensor.FromTensor(t).Data.AsSpan().SequenceEqual(RawTensor.FromTensor(want[name]).Data), name);
        }
        Assert.Equal(8, run.Run().Progress.CurNimg);
    }

    [Fact]
    public void ConditionalRunTrainsALabelledGenerator()
    {
        using var dataset = new InMemoryDataset(labelDim: 3);
        Assert.Throws<ArgumentException>(() => new TrainingRun(Options("c") with { Cond = true }, new InMemoryDataset()));
        using var run = new TrainingRun(Options("cond") with { Cond = true, Kimg = 0.008, TickKimg = 0.008 }, dataset);
        Assert.Equal(3, run.Step.G.mapping.CDim);
        var result = run.Run();
        Assert.Contains("-cond-", Path.GetFileName(result.RunDirectory));
        using var set = NetworkFile.Load(result.LastSnapshot);
        Assert.Equal(3, set.G_ema.Config.CDim);
        Assert.Equal(3, set.D!.Config.CDim);
    }

    [Fact]
    public void LearningRateOverridesReachTheRecipe()
    {
        using var dataset = new InMemoryDataset();
        using var run = new TrainingRun(Options("lr") with { GLr = 0.001, DLr = 0.003 }, dataset);
        Assert.Equal((0.001, 0.003), (run.Step.Recipe.GLearningRate, run.Step.Recipe.DLearningRate));
        // Adam's step size with the lazy-regularisation correction: lr · 4/5 for G (Greg every 4), lr · 16/17 for D.
        Assert.Equal(0.001 * 4 / 5, run.Step.Recipe.GeneratorAdam.LearningRate, 12);
        Assert.Equal(0.003 * 16 / 17, run.Step.Recipe.DiscriminatorAdam.LearningRate, 12);
        using var defaults = new TrainingRun(Options("lr-default"), dataset);
        Assert.Equal(0.0025, defaults.Step.Recipe.GLearningRate); // the auto preset below 1024²
        Assert.Contains("--glr", Assert.Throws<ArgumentException>(() => (Options("bad") with { GLr = 0 }).Validate()).Message);
        Assert.Contains("--dlr", Assert.Throws<ArgumentException>(() => (Options("bad") with { DLr = double.NaN }).Validate()).Message);
    }

    [Fact]
    public void FailureBeforeTheFirstStepLeavesNoRunFolder()
    {
        var blocker = Path.Combine(_root, "file");
        File.WriteAllText(blocker, "");
        using var dataset = new InMemoryDataset();
        using (var run = new TrainingRun(Options("unused") with { OutDir = Path.Combine(blocker, "runs") }, dataset))
        {
            var error = Assert.Throws<IOException>(() => run.Run());
            Assert.Contains("--outdir", error.Message);
        }

        var outdir = Path.Combine(_root, "empty-stream");
        using var run2 = new TrainingRun(Options("unused") with { OutDir = outdir }, new EmptyDataset());
        Assert.Throws<InvalidOperationException>(() => run2.Run());
        Assert.Empty(Directory.GetFileSystemEntries(outdir));
    }

    /// <summary>A data set whose stream ends at once.</summary>
    private sealed class EmptyDataset : GanKit.Training.Data.ITrainingDataset
    {
        public string Name => "empty";
        public int Count => 1;
        public int Resolution => 32;
        public int Channels => 3;
        public int LabelDim => 0;
        public IEnumerable<GanKit.Training.Data.DataBatch> Batches(int batchSize, long seed, long startIndex = 0) => [];
        public void Dispose() { }
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}
