using GanKit.Training.Augment;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Tests.Training.Augment;

/// <summary>Each ADA augmentation alone at p = 1 against its definition, and gradients through all of them.</summary>
public sealed class AugmentTransformTests
{
    private const int Size = 32;

    /// <summary>A smooth colour image batch [N, 3, 32, 32] in [−1, 1] (low frequencies only, so resampling is nearly exact).</summary>
    private static Tensor SmoothImages(int n, ScalarType dtype = ScalarType.Float32)
    {
        var y = torch.arange(Size, ScalarType.Float64).add(0.5).div(Size).reshape(1, 1, Size, 1);
        var x = torch.arange(Size, ScalarType.Float64).add(0.5).div(Size).reshape(1, 1, 1, Size);
        var phase = torch.arange(n * 3, ScalarType.Float64).reshape(n, 3, 1, 1).mul(0.7);
        return ((x * 2.1 + phase).mul(Math.PI).sin() * (y * 1.3 - phase * 0.5).mul(Math.PI).cos() * 0.8).to(dtype);
    }

    /// <summary>Random-looking images (every pixel different), for exact permutation checks.</summary>
    private static Tensor DistinctImages(int n) =>
        torch.arange(n * 3 * Size * Size, ScalarType.Float32).reshape(n, 3, Size, Size).mul(0.618034f).frac().mul(2).sub(1);

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().ToBoolean();

    private static AugmentPipeline Pipeline(AugmentSettings settings, long seed = 1) =>
        new(settings, p: 1, generator: new torch.Generator((ulong)seed));

    [Fact]
    public void XFlipIsAnExactPermutation()
    {
        var images = DistinctImages(16);
        var pipe = Pipeline(new AugmentSettings { XFlip = 1 });
        using var draw = pipe.Draw(16, Size);
        var output = pipe.Apply(images, draw);
        var flips = draw.Flip!.data<float>().ToArray();
        Assert.Contains(0f, flips);
        Assert.Contains(1f, flips);
        for (var i = 0; i < 16; i++)
        {
            var expected = flips[i] == 1 ? images[i].flip(2) : images[i];
            Assert.True(Same(output[i], expected), $"image {i} (flip {flips[i]})");
        }
    }

    [Fact]
    public void QuarterTurnsAreExactPermutations()
    {
        var images = DistinctImages(16);
        var pipe = Pipeline(new AugmentSettings { Rotate90 = 1 }, seed: 2);
        using var draw = pipe.Draw(16, Size);
        var output = pipe.Apply(images, draw);
        var turns = draw.QuarterTurns!.data<long>().ToArray();
        Assert.True(turns.Distinct().Count() >= 3, $"turns drawn: {string.Join(",", turns)}");
        for (var i = 0; i < 16; i++)
            Assert.True(Same(output[i], images[i].rot90((int)turns[i], (1, 2))), $"image {i} ({turns[i]} turns)");
        // A permutation keeps the multiset of values.
        Assert.True(Same(output.flatten().sort().Values, images.flatten().sort().Values));
    }

    [Fact]
    public void IntegerTranslationMovesContentByTheDrawnAmount()
    {
        var images = DistinctImages(8);
        var pipe = Pipeline(new AugmentSettings { XInt = 1 }, seed: 3);
        using var draw = pipe.Draw(8, Size);
        var output = pipe.Apply(images, draw);
        var shifts = draw.Shift!.data<long>().ToArray();
        Assert.Contains(shifts, s => s != 0);
        Assert.All(shifts, s => Assert.InRange(Math.Abs(s), 0, (long)Math.Round(0.125 * Size)));
        for (var i = 0; i < 8; i++)
        {
            var (tx, ty) = (shifts[2 * i], shifts[2 * i + 1]);
            // Where the source pixel exists, output(y, x) = input(y − ty, x − tx).
            var (y0, y1) = (Math.Max(0, ty), Math.Min(Size, Size + ty));
            var (x0, x1) = (Math.Max(0, tx), Math.Min(Size, Size + tx));
            var moved = output[i].slice(1, y0, y1, 1).slice(2, x0, x1, 1);
            var source = images[i].slice(1, y0 - ty, y1 - ty, 1).slice(2, x0 - tx, x1 - tx, 1);
            Assert.True(Same(moved, source), $"image {i} shift ({tx}, {ty})");
        }
    }

    public static TheoryData<string> GeometricTransforms => ["scale", "rotate", "aniso", "xfrac"];

    [Theory]
    [MemberData(nameof(GeometricTransforms))]
    public void GeometricTransformMatchesAGridSampleReferenceAwayFromTheBorder(string transform)
    {
        var settings = transform switch
        {
            "scale" => new AugmentSettings { Scale = 1 },
            "rotate" => new AugmentSettings { Rotate = 1 },
            "aniso" => new AugmentSettings { Aniso = 1 },
            _ => new AugmentSettings { XFrac = 1 },
        };
        var images = SmoothImages(8);
        var pipe = Pipeline(settings, seed: 4);
        using var draw = pipe.Draw(8, Size);
        var output = pipe.Apply(images, draw);
        var g = draw.InverseGeometry!;
        Assert.True(g.sub(torch.eye(3)).abs().max().ToDouble() > 0.01, "the draw should move something");

        // Independent reference: bilinear sampling of the original at G⁻¹·p for every output pixel centre p.
        var centres = torch.arange(Size, ScalarType.Float32).add(0.5f).sub(Size / 2f);
        var grid = torch.stack([centres.unsqueeze(0).expand(Size, Size), centres.unsqueeze(1).expand(Size, Size), torch.ones(Size, Size)], dim: -1);
        var source = grid.reshape(1, -1, 3).matmul(g.transpose(1, 2)).narrow(2, 0, 2); // [N, R², 2] centre-relative pixels
        var normalised = source.mul(2f / Size).reshape(8, Size, Size, 2);
        var reference = F.grid_sample(images, normalised, torch.GridSampleMode.Bilinear, torch.GridSamplePaddingMode.Zeros, align_corners: false);

        // Compare where the sampled point lies at least 4 pixels inside the image (the border is mirrored, not zero).
        var inside = source.abs().max(2).values.lt(Size / 2f - 4).reshape(8, 1, Size, Size).expand(8, 3, Size, Size);
        Assert.True(inside.sum().ToInt64() > 8 * 3 * 100, "enough interior pixels to compare");
        var difference = (output - reference).abs().masked_select(inside).max().ToDouble();
        Assert.True(difference < 2 / 255.0, $"{transform}: max interior difference {difference:0.00000} (a pixel level is {2 / 255.0:0.00000})");
    }

    [Fact]
    public void IdentityWarpKeepsTheImage()
    {
        var images = SmoothImages(2);
        var output = GeometricWarp.Warp(images, torch.eye(3).unsqueeze(0).repeat(2, 1, 1));
        var error = (output - images).abs().max().ToDouble();
        Assert.True(error < 1e-5, $"max difference {error}");
    }

    [Fact]
    public void HueAndSaturationKeepEachPixelsLumaWhileLumaFlipNegatesIt()
    {
        var images = SmoothImages(8);
        var luma = images.mean([1]);
        foreach (var settings in new[] { new AugmentSettings { Hue = 1 }, new AugmentSettings { Saturation = 1 } })
        {
            var pipe = Pipeline(settings, seed: 5);
            var output = pipe.Augment(images);
            Assert.False(output.allclose(images, 1e-3, 1e-3), "the transform should change the colours");
            Assert.True((output.mean([1]) - luma).abs().max().ToDouble() < 1e-5, $"{(settings.Hue > 0 ? "hue" : "saturation")} keeps luma");
        }
        var flipPipe = Pipeline(new AugmentSettings { LumaFlip = 1 }, seed: 6);
        using var draw = flipPipe.Draw(8, Size);
        var flipped = flipPipe.Apply(images, draw);
        var mask = draw.Color!.select(1, 0).select(1, 0).lt(0.9f); // flipped images have M₀₀ = 1 − 2/3
        Assert.True(mask.any().ToBoolean() && !mask.all().ToBoolean(), "some images flipped, some not");
        for (var i = 0; i < 8; i++)
        {
            var expected = mask[i].ToBoolean() ? -luma[i] : luma[i];
            Assert.True((flipped[i].mean([0]) - expected).abs().max().ToDouble() < 1e-5, $"image {i}");
            // The chroma (the part orthogonal to the luma axis) is untouched.
            Assert.True(((flipped[i] - flipped[i].mean([0], keepdim: true)) - (images[i] - images[i].mean([0], keepdim: true))).abs().max().ToDouble() < 1e-5);
        }
    }

    [Fact]
    public void BrightnessAddsAndContrastMultiplies()
    {
        var images = SmoothImages(8);
        var bright = Pipeline(new AugmentSettings { Brightness = 1 }, seed: 7);
        using (var draw = bright.Draw(8, Size))
        {
            var b = draw.Color!.select(1, 0).select(1, 3).reshape(8, 1, 1, 1);
            Assert.True(bright.Apply(images, draw).allclose(images + b, 1e-6, 1e-5));
        }
        var contrast = Pipeline(new AugmentSettings { Contrast = 1 }, seed: 8);
        using (var draw = contrast.Draw(8, Size))
        {
            var c = draw.Color!.select(1, 0).select(1, 0).reshape(8, 1, 1, 1);
            Assert.True(contrast.Apply(images, draw).allclose(images * c, 1e-6, 1e-5));
        }
    }

    [Fact]
    public void FilterWithUnitGainsIsTheIdentityAndKeepsTheMean()
    {
        var bands = ImageSpaceFilter.Bands;
        for (var t = 0; t < ImageSpaceFilter.Taps; t++)
        {
            var sum = Enumerable.Range(0, ImageSpaceFilter.BandCount).Sum(b => bands[b, t]);
            Assert.Equal(t == ImageSpaceFilter.Taps / 2 ? 1 : 0, sum, 12);
        }
        var images = SmoothImages(4);
        Assert.True(ImageSpaceFilter.Apply(images, torch.ones(4, 4)).allclose(images, 1e-5, 1e-5));
        // Only the lowest band holds DC: a flat image scales with its gain and ignores the others'.
        var flat = torch.full([2, 3, Size, Size], 0.3f);
        Assert.True(ImageSpaceFilter.Apply(flat, torch.tensor(new float[] { 2, 1, 1, 1, 1, 3, 0.5f, 2 }, [2, 4])).allclose(flat * torch.tensor(new float[] { 2, 1 }).reshape(2, 1, 1, 1), 1e-5, 1e-5));
    }

    [Fact]
    public void NoiseAndCutoutDoWhatTheyDrew()
    {
        var images = SmoothImages(8);
        var cutPipe = Pipeline(new AugmentSettings { Cutout = 1 }, seed: 9);
        var cut = cutPipe.Augment(images);
        var zeroFraction = cut.eq(0).to(ScalarType.Float32).mean([1, 2, 3]);
        // A square of half the side covers up to a quarter of the image (less where it leaves the image).
        Assert.All(zeroFraction.data<float>().ToArray(), f => Assert.InRange(f, 0.05, 0.26));

        var noisePipe = Pipeline(new AugmentSettings { Noise = 1 }, seed: 10);
        using var draw = noisePipe.Draw(8, Size);
        var noisy = noisePipe.Apply(images, draw);
        var measured = (noisy - images).std([1, 2, 3]);
        Assert.True(measured.allclose(draw.NoiseSigma!, 0.1, 1e-4), "the noise has the drawn σ");
    }

    [Fact]
    public void ZeroProbabilityReturnsTheImagesAndDrawsNothing()
    {
        var generator = new torch.Generator(42);
        var pipe = new AugmentPipeline(AugmentPipes.Get("bgcfnc"), p: 0, generator: generator);
        var images = SmoothImages(2);
        var before = generator.get_state();
        Assert.Same(images, pipe.Augment(images));
        Assert.True(Same(generator.get_state(), before));
    }

    public static TheoryData<string> Pipes => ["blit", "geom", "color", "filter", "noise", "cutout"];

    [Theory]
    [MemberData(nameof(Pipes))]
    public void GradientsFlowThroughEveryTransform(string name)
    {
        // Directional finite differences in float64 on an 8×8 image: for random directions v, the autograd gradient's
        // projection ⟨∇f, v⟩ matches (f(x + hv) − f(x − hv)) / 2h. Each evaluation replays the same draw.
        const int size = 8;
        var settings = AugmentPipes.Get(name);
        var images = torch.rand(2, 3, size, size, ScalarType.Float64, generator: new torch.Generator(11)).mul(2).sub(1);
        using var draw = new AugmentPipeline(settings, 1, new torch.Generator(12)).Draw(2, size);
        var projection = torch.linspace(-1, 1, images.numel(), ScalarType.Float64).reshape(images.shape).mul(3).cos();
        double F(Tensor x)
        {
            using var replay = new torch.Generator(13);
            return (new AugmentPipeline(settings, 1, replay).Apply(x, draw) * projection).sum().ToDouble();
        }
        var input = images.clone().requires_grad_(true);
        using (var replay = new torch.Generator(13))
            (new AugmentPipeline(settings, 1, replay).Apply(input, draw) * projection).sum().backward();
        var gradient = input.grad!;
        Assert.True(gradient.abs().sum().ToDouble() > 0, $"{name}: some gradient reaches the input");
        using var noGrad = torch.no_grad();
        for (var k = 0; k < 3; k++)
        {
            var v = torch.randn(images.shape, ScalarType.Float64, generator: new torch.Generator((ulong)(20 + k)));
            const double h = 1e-6;
            var numeric = (F(images + v * h) - F(images - v * h)) / (2 * h);
            var analytic = (gradient * v).sum().ToDouble();
            Assert.True(Math.Abs(numeric - analytic) <= 1e-6 * Math.Max(1, Math.Abs(analytic)), $"{name}, direction {k}: autograd {analytic}, finite differences {numeric}");
        }
    }

    [Theory]
    [MemberData(nameof(Pipes))]
    public void R1CanDifferentiateThroughEveryTransformTwice(string name)
    {
        // R1 on augmented reals: ‖∇ₓ D(A(x))‖² is differentiated again with respect to D's weights.
        var settings = AugmentPipes.Get(name);
        var images = SmoothImages(2).requires_grad_(true);
        var weight = torch.linspace(-1, 1, 3 * Size * Size).reshape(1, 3, Size, Size).requires_grad_(true);
        var pipe = new AugmentPipeline(settings, 1, new torch.Generator(14));
        var logits = (pipe.Augment(images).tanh() * weight).sum([1, 2, 3]);
        var gradient = GanKit.Torch.Autograd.grad([logits.sum()], [images], create_graph: true)[0]!;
        gradient.square().sum().backward();
        Assert.NotNull(weight.grad);
        Assert.True(weight.grad!.isfinite().all().ToBoolean());
        Assert.True(weight.grad.abs().sum().ToDouble() > 0, $"{name}: the penalty reaches the weights");
    }

    [Fact]
    public void UnknownPipelineNamesTheKnownOnes()
    {
        var e = Assert.Throws<ArgumentException>(() => AugmentPipes.Get("bgx"));
        Assert.Contains("'bgx'", e.Message);
        Assert.Contains("bgcfnc", e.Message);
        Assert.Equal(["blit", "geom", "color", "filter", "noise", "cutout", "bg", "bgc", "bgcf", "bgcfn", "bgcfnc"], AugmentPipes.Names);
        var bgc = AugmentPipes.Get("bgc");
        Assert.True(bgc.HasBlit && bgc.HasGeometry && bgc.HasColor && bgc.ImageFilter == 0 && bgc.Noise == 0);
    }
}
