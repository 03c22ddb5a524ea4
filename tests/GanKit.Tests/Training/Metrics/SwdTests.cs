using GanKit.Imaging;
using GanKit.Training.Metrics;

namespace GanKit.Tests.Training.Metrics;

public sealed class SwdTests
{
    [Fact]
    public void Pyramid_matches_scipy_mirror_convolution()
    {
        var f = MetricFixtures.Npz("swd_fixture.npz");
        var levels = LaplacianPyramid.Build(f["a"].to(ScalarType.Float32), 2);
        for (var l = 0; l < 2; l++)
        {
            var expected = f[$"pyramid_a{l}"];
            Assert.Equal(expected.shape, levels[l].shape);
            var error = (levels[l] - expected).abs().max().item<float>();
            Assert.True(error < 2e-3, $"level {l}: max abs error {error} against scipy.ndimage.convolve(mode='mirror')");
        }
    }

    [Fact]
    public void Distance_on_the_same_positions_and_directions_matches_numpy()
    {
        var f = MetricFixtures.Npz("swd_fixture.npz");
        var expected = f["swd_x1e3"].data<double>().ToArray();
        var a = LaplacianPyramid.Build(f["a"].to(ScalarType.Float32), 2);
        var b = LaplacianPyramid.Build(f["b"].to(ScalarType.Float32), 2);
        for (var l = 0; l < 2; l++)
        {
            var ys = f[$"ys{l}"].data<int>().ToArray();
            var xs = f[$"xs{l}"].data<int>().ToArray();
            var da = SwdDescriptors.Normalize(SwdDescriptors.Extract(a[l], ys, xs, 128, 7));
            var db = SwdDescriptors.Normalize(SwdDescriptors.Extract(b[l], ys, xs, 128, 7));
            var dirs = f[$"dirs{l}"];
            var repeats = Enumerable.Range(0, (int)dirs.shape[0]).Select(r => dirs[r].contiguous()).ToArray();
            var actual = 1e3 * Swd.Distance(da, db, repeats);
            Assert.True(Math.Abs(actual - expected[l]) <= 1e-4 * expected[l], $"level {l}: GanKit {actual}, NumPy {expected[l]}");
        }
    }

    [Fact]
    public void A_set_against_itself_is_exactly_zero()
    {
        using var x = MetricFixtures.SmoothImages(24, 32, 1);
        var result = Swd.Compute(x, x);
        Assert.Equal([32, 16], result.Resolutions);
        Assert.All(result.PerLevel, d => Assert.Equal(0.0, d));
        Assert.Equal(0.0, result.Average);
    }

    [Fact]
    public void Grows_as_one_set_is_blurred_more()
    {
        using var real = MetricFixtures.SmoothImages(32, 32, 2);
        using var fake = MetricFixtures.SmoothImages(32, 32, 3);
        var options = new SwdOptions { DirectionsPerRepeat = 64, Repeats = 2 };
        var values = new[] { 0.0, 0.7, 1.2, 2.0 }.Select(s =>
        {
            using var blurred = s == 0 ? fake.alias() : MetricFixtures.Blur(fake, s);
            return Swd.Compute(real, blurred, options).Average;
        }).ToArray();
        for (var i = 1; i < values.Length; i++) Assert.True(values[i] > values[i - 1], $"SWD by blur: {string.Join(", ", values)}");
    }

    [Fact]
    public void Grows_as_one_set_is_noised_more()
    {
        using var real = MetricFixtures.SmoothImages(32, 32, 4);
        using var fake = MetricFixtures.SmoothImages(32, 32, 5);
        var options = new SwdOptions { DirectionsPerRepeat = 64, Repeats = 2 };
        var values = new[] { 0.0, 8, 20, 45 }.Select(s =>
        {
            using var noised = s == 0 ? fake.alias() : MetricFixtures.Noised(fake, s, 9);
            return Swd.Compute(real, noised, options).Average;
        }).ToArray();
        for (var i = 1; i < values.Length; i++) Assert.True(values[i] > values[i - 1], $"SWD by noise: {string.Join(", ", values)}");
    }

    [Fact]
    public void Same_seed_same_number_whatever_the_batching_other_seed_other_number()
    {
        using var real = MetricFixtures.SmoothImages(20, 32, 6);
        using var fake = MetricFixtures.SmoothImages(20, 32, 7);
        var a = Swd.Compute(real, fake, new SwdOptions { Seed = 3 });
        var b = Swd.Compute(real, fake, new SwdOptions { Seed = 3, BatchSize = 7 });
        var c = Swd.Compute(real, fake, new SwdOptions { Seed = 4 });
        Assert.Equal(a.PerLevel, b.PerLevel);
        Assert.NotEqual(a.PerLevel, c.PerLevel);
        // Different positions and directions estimate the same distance.
        Assert.InRange(c.Average, 0.8 * a.Average, 1.25 * a.Average);
    }

    [Fact]
    public void Image_lists_and_float_tensors_give_the_uint8_result()
    {
        using var real = MetricFixtures.SmoothImages(16, 32, 8);
        using var fake = MetricFixtures.SmoothImages(16, 32, 9);
        var expected = Swd.Compute(real, fake);
        var fromImages = Swd.Compute(ToRgb(real), ToRgb(fake));
        using var realFloat = real.to(ScalarType.Float32) / 127.5 - 1;
        using var fakeFloat = fake.to(ScalarType.Float32) / 127.5 - 1;
        var fromFloat = Swd.Compute(realFloat, fakeFloat);
        Assert.Equal(expected.PerLevel, fromImages.PerLevel);
        Assert.Equal(expected.PerLevel, fromFloat.PerLevel);
    }

    [Fact]
    public void Errors_name_the_problem()
    {
        using var a = MetricFixtures.SmoothImages(4, 32, 1);
        using var b = MetricFixtures.SmoothImages(5, 32, 1);
        using var tiny = torch.zeros([4, 3, 8, 8], ScalarType.Byte);
        Assert.Contains("equal size", Assert.Throws<ArgumentException>(() => Swd.Compute(a, b)).Message);
        Assert.Contains("at least 16", Assert.Throws<ArgumentException>(() => Swd.Compute(tiny, tiny)).Message);
        Assert.Contains("Repeats", Assert.Throws<ArgumentException>(() => Swd.Compute(a, a, new SwdOptions { Repeats = 0 })).Message);
    }

    private static RgbImage[] ToRgb(Tensor u8) => TensorImageConversion.ToImages(u8.to(ScalarType.Float32) / 127.5 - 1);
}
