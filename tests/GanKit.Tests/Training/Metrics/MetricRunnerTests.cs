using System.Text.Json.Nodes;
using GanKit.Latent;
using GanKit.Tests.Cli;
using GanKit.Tests.Networks;
using GanKit.Training.Data;
using GanKit.Training.Metrics;

namespace GanKit.Tests.Training.Metrics;

/// <summary>
/// The whole FID/KID/PR path with the committed stand-in TorchScript detector (same calling convention as NVIDIA's
/// Inception) and SWD from a generator: the shared small network against a folder of its own images.
/// </summary>
public sealed class MetricRunnerTests : IClassFixture<FixtureNetworks>, IDisposable
{
    private readonly FixtureNetworks _nets;
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-metrics-").FullName;
    private readonly string _data;

    public MetricRunnerTests(FixtureNetworks nets)
    {
        _nets = nets;
        _data = Path.Combine(_dir, "reals");
        Directory.CreateDirectory(_data);
        // Reals: the network's own images from other seeds, so every metric has a meaningful, small value.
        var seeds = Enumerable.Range(5000, 48).Select(s => (uint)s).ToArray();
        using var images = nets.G.Generate(seeds);
        var rgb = GanKit.Imaging.TensorImageConversion.ToImages(images);
        for (var i = 0; i < rgb.Length; i++) rgb[i].Save(Path.Combine(_data, $"img{i:D3}.png"));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, true); } catch (IOException) { }
    }

    private static string Detector => MetricFixtures.Path("standin_detector.pt");

    [Fact]
    public void Standin_detector_gives_the_features_pytorch_gave()
    {
        var f = MetricFixtures.Npz("swd_fixture.npz");
        using var detector = FeatureDetector.Load(Detector);
        using var probe = f["a"].narrow(0, 0, 2);
        using var features = detector.Features(probe);
        using var expected = GanKit.Formats.Numpy.Npy.ReadTensor(MetricFixtures.Path("standin_probe_features.npy"));
        Assert.Equal(expected.shape, features.shape);
        var error = (features - expected).abs().max().item<float>();
        Assert.True(error < 1e-4, $"max abs error {error} against torch 1.13");
    }

    [Fact]
    public void Fid_kid_pr_run_end_to_end_and_real_statistics_come_back_from_the_cache()
    {
        var cache = Path.Combine(_dir, "cache");
        var options = new MetricRunOptions { DetectorPath = Detector, StatisticsFolder = cache, DetectorBatch = 16 };
        double fid;
        using (var dataset = TrainingDatasets.Open(_data))
        using (var runner = new MetricRunner(_nets.G, dataset, options))
        {
            var fidResult = runner.Run(MetricSpec.Parse("fid10k_full", num: 40));
            Assert.Null(runner.LastCacheHit);
            fid = fidResult.Results["fid10k_full"];
            Assert.Equal(40, fidResult.Generated);
            Assert.Equal(48, fidResult.Reals);
            Assert.True(fid > 0 && double.IsFinite(fid), $"FID {fid}");

            // The same numbers by hand: detector features of the same images, then Fid.Compute.
            using var detector = FeatureDetector.Load(Detector);
            using var gen = new FeatureStatistics();
            foreach (var batch in MetricImages.FromGenerator(_nets.G, 40)) using (batch) using (var x = detector.Features(batch)) gen.Add(x);
            using var real = new FeatureStatistics();
            foreach (var batch in MetricImages.FromDataset(dataset, 48)) using (batch) using (var x = detector.Features(batch)) real.Add(x);
            Assert.Equal(Fid.Compute(gen, real), fid, 6);

            var pr = runner.Run(MetricSpec.Parse("pr10k3_full", num: 40)).Results;
            Assert.InRange(pr["pr10k3_full_precision"], 0.0, 1.0);
            Assert.InRange(pr["pr10k3_full_recall"], 0.0, 1.0);
            var kid = runner.Run(MetricSpec.Parse("kid10k_full", num: 40)).Results["kid10k_full"];
            Assert.True(double.IsFinite(kid));
        }
        Assert.Single(Directory.GetFiles(cache, "*.npz"));

        using (var dataset = TrainingDatasets.Open(_data))
        using (var runner = new MetricRunner(_nets.G, dataset, options))
        {
            var again = runner.Run(MetricSpec.Parse("fid10k_full", num: 40)).Results["fid10k_full"];
            Assert.NotNull(runner.LastCacheHit);
            Assert.Equal(fid, again, 9);
        }
    }

    [Fact]
    public void Swd_of_a_generator_is_deterministic_and_far_from_noise()
    {
        using var dataset = TrainingDatasets.Open(_data);
        var a = Swd.ForGenerator(_nets.G, dataset, 32, seed: 1);
        var b = Swd.ForGenerator(_nets.G, dataset, 32, seed: 1);
        Assert.Equal(a.PerLevel, b.PerLevel);
        Assert.Equal(32, a.Images);
        // Uniform noise images are much further from the reals than the network's own images are.
        using var noise = torch.randint(0, 256, [32, 3, 32, 32], ScalarType.Byte, generator: new torch.Generator(3, torch.CPU));
        using var reals = torch.cat(MetricImages.FromDataset(dataset, 32, seed: 1).ToArray());
        var toNoise = Swd.Compute(reals, noise, new SwdOptions { Seed = 1 });
        Assert.True(toNoise.Average > 2 * a.Average, $"SWD to noise {toNoise.Average}, to the generator {a.Average}");
    }

    [Fact]
    public void Descriptors_survive_a_callers_dispose_scope()
    {
        using var x = MetricFixtures.SmoothImages(4, 32, 1);
        using var set = new SwdDescriptors(32, 3);
        using (torch.NewDisposeScope()) set.Add(x);
        var levels = set.Finish();
        Assert.Equal(4 * 128, levels[0].shape[0]);
        foreach (var l in levels) l.Dispose();
    }

    [Fact]
    public void Missing_detector_error_says_where_to_get_it()
    {
        var e = Assert.Throws<FileNotFoundException>(() => FeatureDetector.Locate(Path.Combine(_dir, "nope.pt")));
        Assert.Contains("--detector", e.Message);
        Assert.Contains(FeatureDetector.InceptionUrl, e.Message);
        var garbage = Path.Combine(_dir, "garbage.pt");
        File.WriteAllText(garbage, "not a TorchScript file");
        Assert.Contains("garbage.pt", Assert.Throws<InvalidDataException>(() => FeatureDetector.Load(garbage)).Message);
    }

    [Fact]
    public void Metric_names_parse_as_the_reference_names_them()
    {
        var fid = MetricSpec.Parse("fid50k_full");
        Assert.Equal((MetricKind.Fid, 50000, int.MaxValue, true), (fid.Kind, fid.Generated, fid.Reals, fid.Full));
        var pr = MetricSpec.Parse("pr50k3_full");
        Assert.Equal((MetricKind.PrecisionRecall, 50000, 200000, 3), (pr.Kind, pr.Generated, pr.Reals, pr.K));
        Assert.Equal((10000, 10000), (MetricSpec.Parse("fid10k").Generated, MetricSpec.Parse("fid10k").Reals));
        Assert.Equal(16384, MetricSpec.Parse("swd").Generated);
        Assert.Equal((2000, 2000), (MetricSpec.Parse("swd", 2000).Generated, MetricSpec.Parse("swd", 2000).Reals));
        Assert.Equal(1_000_000, MetricSpec.Parse("kid50k_full", 100).Reals);
        Assert.Contains("unknown metric 'is50k'", Assert.Throws<ArgumentException>(() => MetricSpec.Parse("is50k")).Message);
        Assert.Throws<ArgumentException>(() => MetricSpec.Parse("fid50k3"));
        Assert.Throws<ArgumentException>(() => MetricSpec.Parse("swd2k_full"));
    }

    [Fact]
    public void Cli_writes_a_table_and_metrics_jsonl_and_names_the_missing_detector()
    {
        var network = Fixtures.Path("network-snapshot.pkl");
        var env = new Dictionary<string, string?> { ["GANKIT_CACHE"] = Path.Combine(_dir, "cli-cache") };
        var ok = CliProcess.RunWith(env, _dir, "metrics", "--network", network, "--data", _data, "--metrics", "swd,fid1k_full",
            "--num", "24", "--detector", Detector, "--outdir", Path.Combine(_dir, "out"));
        Assert.True(ok.ExitCode == 0, ok.ToString());
        Assert.Contains("swd_avg", ok.ToString());
        var lines = File.ReadAllLines(Path.Combine(_dir, "out", "metrics.jsonl"));
        Assert.Equal(2, lines.Length);
        var swd = JsonNode.Parse(lines[0])!;
        Assert.Equal("swd", swd["metric"]!.GetValue<string>());
        Assert.True(swd["results"]!["swd_avg"]!.GetValue<double>() > 0);
        Assert.True(JsonNode.Parse(lines[1])!["results"]!["fid1k_full"]!.GetValue<double>() > 0);

        var missing = CliProcess.RunWith(env, _dir, "metrics", "--network", network, "--data", _data, "--metrics", "fid50k_full");
        CliProcess.AssertFailsCleanly(missing, FeatureDetector.InceptionUrl, FeatureDetector.InceptionFileName);
    }
}
