using GanKit.Latent;
using GanKit.Networks;
using GanKit.Networks.Config;
using GanKit.Networks.Layers;
using GanKit.Tests.Networks;
using GanKit.Torch;

namespace GanKit.Tests.Latent;

public class GeneratorSamplingTests
{
    private static GeneratorConfig Config(int resolution) =>
        new(16, 0, 16, resolution, 3, new MappingConfig(NumLayers: 2), new SynthesisConfig(ChannelBase: 64, ChannelMax: 16));

    [Theory]
    [InlineData(16, 8)]     // small images: at most 8 a pass
    [InlineData(256, 4)]    // the measured sweet spot on two cores
    [InlineData(512, 1)]
    [InlineData(1024, 1)]   // never 0
    public void CpuBatchSizeShrinksWithResolution(int resolution, int expected)
    {
        using var G = new Generator(Config(resolution));
        Assert.Equal(expected, G.DefaultBatchSize());
    }

    [Fact]
    public void BatchedSynthesisGivesTheImagesOfOnePass()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        using var G = new Generator(Config(16));
        G.eval();
        uint[] seeds = [0, 1, 2, 3, 4, 5, 6];
        var onePass = G.Generate(seeds, 0.7, batchSize: seeds.Length);
        var inThrees = G.Generate(seeds, 0.7, batchSize: 3);  // 3 + 3 + 1: the last batch is short
        Assert.Equal(onePass.shape, inThrees.shape);
        Compare.Close(inThrees, onePass, 1e-5, "batches of 3 vs one pass");

        // And each image is the seed's own: the first image alone equals the first of the batch.
        var first = G.Generate([seeds[0]], 0.7);
        Compare.Close(first, onePass.narrow(0, 0, 1), 1e-5, "seed 0 alone vs in the batch");
    }

    [Fact]
    public void BatchSizeBelowOneIsRefused()
    {
        using var G = new Generator(Config(16));
        using var ws = G.SeedsToWs([0, 1]);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => G.Synthesize(ws, NoiseMode.Const, 0));
        Assert.Equal("batchSize", e.ParamName);
    }
}
