using GanKit.Latent;
using GanKit.Tests.Notebooks;
using GanKit.Training;

namespace GanKit.Tests.Training.Loop;

/// <summary>
/// A CI-sized run that has to learn: the shared small config on 2,000 synthetic 32² images made here (a light grey
/// square of side 8–15 at a random place on a flat darker grey), 6 kimg at batch 16 without augmentation, R1 γ 8
/// (the auto preset's 0.0128 lets D separate these hard-edged images at once, and G then only chases it; measured).
/// About 100 s on 2 cores. Before training, 2% of G_ema's images for 256 fixed seeds look like the data by
/// <see cref="BrightSquareFit"/> (a brighter square on a flat background); after it, 16–52% at every kimg of the
/// measured run (24% at 6 kimg): bright, soft-edged blobs on flat grey. Sharp squares take longer (README,
/// Training). The fakes grid goes to build/test-artifacts for a person to look at.
/// </summary>
[Collection(GlobalRngCollection.Name)]
public sealed class TrainingLearnsTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gankit-learns-").FullName;

    [Fact]
    public void SixKimgTurnNoiseIntoBrightBlobsOnFlatBackgrounds()
    {
        using var dataset = new InMemoryDataset(count: 2000, grey: true);
        var options = new TrainingRunOptions
        {
            OutDir = _root, Data = "grey-squares", NetworkConfig = Fixtures.Path("config.json"), Kimg = 6, Batch = 16, Aug = "noaug",
            Snap = 100, Seed = 1, Gamma = 8,
        };
        using var run = new TrainingRun(options, dataset);
        var seeds = Enumerable.Range(10_000, 256).Select(s => (uint)s).ToArray();
        double ShareOfFakes()
        {
            using var fakes = run.Step.G_ema.Generate(seeds);
            return BrightSquareFit.ShareLikeTheData(fakes);
        }
        double realShare;
        using (var reals = dataset.Batches(256, seed: 0).First())
        using (var scaled = reals.Images.to(ScalarType.Float32) / 127.5 - 1)
            realShare = BrightSquareFit.ShareLikeTheData(scaled);

        var before = ShareOfFakes();
        var result = run.Run();
        var after = ShareOfFakes();

        var artifacts = Path.Combine(TestRepository.Root, "build", "test-artifacts");
        Directory.CreateDirectory(artifacts);
        run.RenderFakes().Save(Path.Combine(artifacts, "training-grey-squares-6kimg.png"));
        File.WriteAllText(Path.Combine(artifacts, "training-grey-squares-6kimg.txt"),
            $"share of 256 G_ema images like the data: untrained {before:P1}, after 6 kimg {after:P1} (reals {realShare:P1})\n");

        Assert.Equal(6000, result.Progress.CurNimg);
        Assert.Equal(1.0, realShare); // the measure recognises every real image
        Assert.True(before < 0.06, $"untrained: {before:P1} of the fakes already look like the data");
        Assert.True(after >= 0.12 && after >= 3 * before,
            $"after 6 kimg {after:P1} of the fakes look like the data (untrained {before:P1}); expected at least 12% and 3× more");
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}
