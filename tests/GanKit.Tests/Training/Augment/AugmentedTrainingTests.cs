using System.Text.Json.Nodes;
using GanKit.Networks;
using GanKit.Tests.Training.Loop;
using GanKit.Torch;
using GanKit.Training;
using GanKit.Training.Augment;

namespace GanKit.Tests.Training.Augment;

/// <summary>
/// Training with ADA, fixed augmentation and frozen D layers on the fixture's small networks (32², batch 4), and
/// transfer from a network file that does not fit.
/// </summary>
[Collection(GlobalRngCollection.Name)]
public sealed class AugmentedTrainingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gankit-ada-").FullName;

    private TrainingRunOptions Options(string outdir, string? resume = null) => new()
    {
        OutDir = Path.Combine(_root, outdir),
        Data = "squares",
        NetworkConfig = Fixtures.Path("config.json"),
        Kimg = 0.064,
        TickKimg = 0.016,
        Batch = 4,
        Snap = 1,
        Seed = 5,
        Resume = resume,
        // Fast enough that p visibly moves in 16 minibatches: 4 · 4 / 50 = 0.32 per adjustment.
        AdaKimg = 0.05,
        Target = -0.99,
    };

    private static TrainingRunResult Train(TrainingRunOptions options, Action<TrainingRun>? configure = null)
    {
        using var dataset = new InMemoryDataset();
        using var run = new TrainingRun(options, dataset);
        configure?.Invoke(run);
        return run.Run();
    }

    private static JsonObject[] Stats(TrainingRunResult result) =>
        File.ReadAllLines(Path.Combine(result.RunDirectory, "stats.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToArray();

    [Fact]
    public void AdaptivePIsLoggedSavedAndResumedExactly()
    {
        // A target below any possible r_t makes p climb at every adjustment.
        var whole = Train(Options("whole"));
        var stats = Stats(whole);
        var ps = stats.Select(s => s["augment_p"]!.GetValue<double>()).ToArray();
        Assert.Equal([0.32, 0.64, 0.96, 1.0], ps.Select(p => Math.Round(p, 6)));
        Assert.All(stats, s => Assert.InRange(s["r_t"]!.GetValue<double>(), -1, 1));
        Assert.Contains("augment ada with 'bgc'", File.ReadAllText(Path.Combine(whole.RunDirectory, "log.txt")));

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
        var second = Train(Options("parts", resume: first.LastSnapshot), run => Assert.Equal(0.64, run.Step.Loss.Augment!.P, 6));
        Assert.Equal([0.96, 1.0], Stats(second).Select(s => Math.Round(s["augment_p"]!.GetValue<double>(), 6)));

        // With augmentation drawing from the saved generator, the resumed run ends bit-identical.
        var expected = Safetensors.Read(whole.LastSnapshot);
        var actual = Safetensors.Read(second.LastSnapshot);
        var different = expected.Keys.Where(k => !expected[k].Data.AsSpan().SequenceEqual(actual[k].Data)).ToList();
        Assert.True(different.Count == 0, $"{different.Count} tensors differ, e.g. {string.Join(", ", different.Take(5))}");
        Assert.Contains("augment.p", expected.Keys);
    }

    [Fact]
    public void NoAugAndFixedPKeepPWhereItWas()
    {
        var fixedRun = Train(Options("fixed") with { Aug = "fixed", P = 0.3, Kimg = 0.016 });
        Assert.All(Stats(fixedRun), s => Assert.Equal(0.3, s["augment_p"]!.GetValue<double>()));
        Assert.EndsWith("-p0.3", Path.GetFileName(fixedRun.RunDirectory));
        var plain = Train(Options("noaug") with { Aug = "noaug", Kimg = 0.016 });
        Assert.All(Stats(plain), s => Assert.Null(s["augment_p"]));
        Assert.DoesNotContain("augment.p", Safetensors.Read(plain.LastSnapshot).Keys);
    }

    [Fact]
    public void FrozenDiscriminatorLayersNeverChangeAndHaveNoOptimizerState()
    {
        using var reference = new InMemoryDataset();
        Dictionary<string, byte[]> initial;
        string[] layers;
        using (var probe = new TrainingRun(Options("probe") with { FreezeD = 4 }, reference))
        {
            layers = [.. DiscriminatorFreezing.Layers(probe.Step.D)];
            initial = probe.Step.D.named_parameters().ToDictionary(p => p.name, p => RawTensor.FromTensor(p.parameter).Data.ToArray());
        }
        Assert.Equal(["b32.fromrgb", "b32.conv0", "b32.conv1", "b32.skip"], layers.Take(4));

        // --freezed 4 for 20 minibatches of 4.
        var result = Train(Options("freezed") with { FreezeD = 4, Kimg = 0.08, TickKimg = 0.04 });
        Assert.Contains("-freezed4", Path.GetFileName(result.RunDirectory));
        Assert.Equal(20, result.Progress.BatchIndex);
        var snapshot = Safetensors.Read(result.LastSnapshot);
        foreach (var (name, before) in initial)
        {
            var frozen = name.StartsWith("b32.", StringComparison.Ordinal);
            var same = snapshot["D." + name].Data.AsSpan().SequenceEqual(before);
            Assert.True(frozen == same, $"{name}: frozen {frozen}, unchanged {same}");
            Assert.Equal(!frozen, snapshot.ContainsKey($"D_opt.{name}.exp_avg"));
        }

        // Resuming with another --freezed is refused by name.
        using var data = new InMemoryDataset();
        var error = Assert.Throws<ArgumentException>(() => new TrainingRun(Options("again", resume: result.LastSnapshot) with { Kimg = 0.064 }, data));
        Assert.Contains("--freezed 4", error.Message);
    }

    [Fact]
    public void TransferFromANetworkThatDoesNotFitNamesTheFirstMismatchedTensor()
    {
        var path = Path.Combine(_root, "pretrained.safetensors");
        using (var dataset = new InMemoryDataset())
        using (var run = new TrainingRun(Options("x"), dataset))
            NetworkFile.Save(path, run.Step.G_ema, run.Step.D);

        // Data at 64²: the file's networks make 32² images.
        using var big = new InMemoryDataset(resolution: 64);
        var error = Assert.Throws<ArgumentException>(() => new TrainingRun(Options("big", resume: path) with { NetworkConfig = null }, big));
        Assert.Contains("first mismatched tensor 'synthesis.b64.", error.Message);
        Assert.Contains("32x32x3", error.Message);
        Assert.Contains("64x64x3", error.Message);

        // Wider networks by --network-config: the shapes differ.
        var config = JsonNode.Parse(File.ReadAllText(Fixtures.Path("config.json")))!.AsObject();
        config["generator"]!["synthesis_kwargs"]!["channel_max"] = 16;
        var narrow = Path.Combine(_root, "narrow.json");
        File.WriteAllText(narrow, config.ToJsonString());
        using var small = new InMemoryDataset();
        var shapes = Assert.Throws<ArgumentException>(() => new TrainingRun(Options("narrow", resume: path) with { NetworkConfig = narrow }, small));
        Assert.Contains("first mismatched tensor", shapes.Message);
        Assert.Contains("in the file and", shapes.Message);

        // A fitting file starts the run from its weights, with D layers frozen for fine-tuning.
        using var fits = new InMemoryDataset();
        using var transfer = new TrainingRun(Options("transfer", resume: path) with { FreezeD = 2, Kimg = 0.008, TickKimg = 0.008 }, fits);
        Assert.Equal(8, transfer.Run().Progress.CurNimg);
    }

    [Fact]
    public void GeneratorGradientsFlowThroughTheAugmentedFakes()
    {
        using var set = NetworkFile.Load(Fixtures.Path("network-snapshot.pkl"));
        var (G, D) = (set.G!, set.D!);
        torch.manual_seed(3);
        var z = torch.randn(4, G.mapping.ZDim);
        Tensor[] Gradients(AugmentPipeline? pipe)
        {
            using var loss = new StyleGan2Loss(G, D, new LossOptions(StyleMixingProbability: 0, NoiseMode: GanKit.Networks.Layers.NoiseMode.Const)) { Augment = pipe };
            G.zero_grad();
            loss.AccumulateGradients(LossPhase.Gmain, z, null, z, null);
            return G.parameters().Where(p => p.grad is not null).Select(p => p.grad!.clone()).ToArray();
        }
        var plain = Gradients(null);
        var augmented = Gradients(new AugmentPipeline(AugmentPipes.Get("bgc"), p: 1, generator: new torch.Generator(8)));
        Assert.Equal(plain.Length, augmented.Length);
        Assert.All(augmented, g => Assert.True(g.isfinite().all().ToBoolean()));
        var norm = augmented.Sum(g => g.square().sum().ToDouble());
        Assert.True(norm > 0, "G receives gradient through the augmentation");
        Assert.Contains(Enumerable.Range(0, plain.Length), i => !plain[i].allclose(augmented[i]));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}
