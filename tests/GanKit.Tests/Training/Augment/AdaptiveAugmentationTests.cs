using GanKit.Training.Augment;

namespace GanKit.Tests.Training.Augment;

/// <summary>The adaptive-p controller against its definition.</summary>
public sealed class AdaptiveAugmentationTests
{
    [Fact]
    public void PMovesTowardTheTargetEveryIntervalAtTheConfiguredSpeed()
    {
        var pipe = AugmentPipeline.Named("bgc");
        var ada = new AdaptiveAugmentation(pipe, target: 0.6, interval: 4, speedKimg: 500);
        var step = 16.0 * 4 / 500_000; // batch 16, 4 minibatches per adjustment

        // D is sure of the reals (r_t = 1 > 0.6): p rises, but only at every 4th minibatch.
        for (var batch = 1; batch <= 8; batch++)
        {
            ada.Accumulate(16, 16);
            var adjusted = ada.AfterMinibatch(batch, 16);
            Assert.Equal(batch % 4 == 0, adjusted);
        }
        Assert.Equal(2 * step, pipe.P, 12);
        Assert.Equal(1.0, ada.LastRt);

        // r_t averages over the interval: two minibatches at +1 and two at −1 give 0 < 0.6, so p falls.
        for (var batch = 9; batch <= 12; batch++)
        {
            ada.Accumulate(batch <= 10 ? 16 : -16, 16);
            ada.AfterMinibatch(batch, 16);
        }
        Assert.Equal(0.0, ada.LastRt);
        Assert.Equal(step, pipe.P, 12);

        // p stays in [0, 1].
        for (var batch = 13; batch <= 40; batch++)
        {
            ada.Accumulate(-16, 16);
            ada.AfterMinibatch(batch, 16);
        }
        Assert.Equal(0, pipe.P);
    }

    [Fact]
    public void FromZeroToOneTakesTheConfiguredNumberOfImages()
    {
        var pipe = AugmentPipeline.Named("bgc");
        var ada = new AdaptiveAugmentation(pipe, speedKimg: 2); // 2000 images
        var images = 0;
        for (var batch = 1; pipe.P < 1; batch++)
        {
            ada.Accumulate(8, 8);
            ada.AfterMinibatch(batch, 8);
            images += 8;
            Assert.True(images <= 3000, "p should reach 1 after about 2000 images");
        }
        Assert.InRange(images, 2000, 2000 + 8 * 4); // adjustments come every 32 images
    }

    [Fact]
    public void BadSettingsAreRefused()
    {
        var pipe = AugmentPipeline.Named("bgc");
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveAugmentation(pipe, target: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdaptiveAugmentation(pipe, interval: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => pipe.P = 1.2);
    }
}
