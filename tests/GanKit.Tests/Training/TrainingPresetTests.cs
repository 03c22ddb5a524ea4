using GanKit.Training;

namespace GanKit.Tests.Training;

/// <summary>The <c>--cfg</c> table of issue 10 and the derivations of its <c>auto</c> row.</summary>
public class TrainingPresetTests
{
    [Theory]
    //          cfg          batch mbstd fmaps  lr      gamma  ema  ramp  map
    [InlineData("stylegan2", 32, 4, 1.0, 0.002, 10.0, 10.0, null, 8)]
    [InlineData("paper256", 64, 8, 0.5, 0.0025, 1.0, 20.0, null, 8)]
    [InlineData("paper512", 64, 8, 1.0, 0.0025, 0.5, 20.0, null, 8)]
    [InlineData("paper1024", 32, 4, 1.0, 0.002, 2.0, 10.0, null, 8)]
    [InlineData("cifar", 64, 32, 1.0, 0.0025, 0.01, 500.0, 0.05, 2)]
    public void FixedPresetsMatchTheTable(string cfg, int batch, int mbstd, double fmaps, double lr, double gamma, double ema, double? ramp, int map)
    {
        var p = TrainingPreset.Get(cfg, 256);
        Assert.Equal(new TrainingPreset(cfg, batch, mbstd, fmaps, lr, gamma, ema, ramp, map,
            PlWeight: cfg == "cifar" ? 0 : 2, StyleMixingProbability: cfg == "cifar" ? 0 : 0.9), p);
        Assert.Same(p, TrainingPreset.Get(cfg, 1024));
    }

    [Theory]
    //          res   batch mbstd fmaps lr
    [InlineData(4, 32, 4, 0.5, 0.0025)]
    [InlineData(32, 32, 4, 0.5, 0.0025)]
    [InlineData(128, 32, 4, 0.5, 0.0025)]
    [InlineData(256, 16, 4, 0.5, 0.0025)]
    [InlineData(512, 8, 4, 1.0, 0.0025)]
    [InlineData(1024, 4, 4, 1.0, 0.002)]
    [InlineData(2048, 2, 2, 1.0, 0.002)]
    [InlineData(8192, 1, 1, 1.0, 0.002)]
    public void AutoDerivesItsRowFromTheResolution(int res, int batch, int mbstd, double fmaps, double lr)
    {
        var p = TrainingPreset.Auto(res);
        Assert.Equal("auto", p.Name);
        Assert.Equal(batch, p.Batch);
        Assert.Equal(mbstd, p.MbstdGroupSize);
        Assert.Equal(fmaps, p.Fmaps);
        Assert.Equal(lr, p.LearningRate);
        Assert.Equal(0.0002 * res * res / batch, p.Gamma, 12);
        Assert.Equal(batch * 10.0 / 32, p.EmaKimg, 12);
        Assert.Equal(0.05, p.EmaRampup);
        Assert.Equal(2, p.MappingLayers);
        Assert.Equal(p, TrainingPreset.Get("auto", res));
    }

    [Fact]
    public void AutoAt256HasTheExpectedNumbers()
    {
        var p = TrainingPreset.Auto(256);
        Assert.Equal(0.8192, p.Gamma, 12);
        Assert.Equal(5, p.EmaKimg, 12);
        Assert.Equal(16384, p.ChannelBase);
    }

    [Fact]
    public void NetworksUseTheSharedArchitectureNumbers()
    {
        var p = TrainingPreset.Paper256;
        var g = p.Generator(256, imgChannels: 1, cDim: 3, fp16: true);
        Assert.Equal((512, 512, 256, 1, 3), (g.ZDim, g.WDim, g.ImgResolution, g.ImgChannels, g.CDim));
        Assert.Equal(8, g.Mapping.NumLayers);
        Assert.Equal((16384, 512, 4, 256.0), (g.Synthesis.ChannelBase, g.Synthesis.ChannelMax, g.Synthesis.NumFp16Res, g.Synthesis.ConvClamp));
        Assert.Equal(0, p.Generator(256).Synthesis.NumFp16Res);

        var d = p.Discriminator(256);
        Assert.Equal((16384, 512, 0, 256.0, 8), (d.ChannelBase, d.ChannelMax, d.NumFp16Res, d.ConvClamp, d.MbstdGroupSize));
        Assert.Equal(32768, TrainingPreset.StyleGan2.Discriminator(1024).ChannelBase);
    }

    [Fact]
    public void RecipeCarriesTheOptimisationSettings()
    {
        var r = TrainingPreset.Cifar.Recipe();
        Assert.Equal((0.0025, 0.0025, 0.01, 500.0, (double?)0.05), (r.GLearningRate, r.DLearningRate, r.R1Gamma, r.EmaKimg, r.EmaRampup));
        Assert.Equal((0.0, 0.0), (r.PlWeight, r.StyleMixingProbability));
        Assert.Equal(((int?)4, (int?)16), (r.GRegInterval, r.DRegInterval));
        Assert.Equal(0.002, r.GeneratorAdam.LearningRate, 15);
        Assert.Equal(0.0025 * 16 / 17, r.DiscriminatorAdam.LearningRate, 15);
        Assert.Equal(Math.Pow(0.99, 0.8), r.GeneratorAdam.Beta2, 15);
        Assert.Equal(0, r.GeneratorAdam.Beta1);
    }

    [Fact]
    public void OverridesAreRecordCopies()
    {
        var p = TrainingPreset.Auto(64) with { Batch = 8, Gamma = 1 };
        Assert.Equal((8, 1.0, 4), (p.Batch, p.Gamma, p.MbstdGroupSize));
        Assert.Equal(32, TrainingPreset.Auto(64).Batch);
    }

    [Fact]
    public void UnknownNamesAndBadResolutionsAreRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => TrainingPreset.Get("paper2048", 256));
        Assert.Contains("'paper2048'", e.Message);
        Assert.Contains("auto, stylegan2, paper256, paper512, paper1024, cifar", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingPreset.Auto(100));
        Assert.Throws<ArgumentOutOfRangeException>(() => TrainingPreset.Auto(2));
    }
}
