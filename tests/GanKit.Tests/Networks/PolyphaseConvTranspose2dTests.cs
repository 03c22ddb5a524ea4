using GanKit.Networks.Ops;
using GanKit.Tests.Torch;
using GanKit.Torch;
using F = GanKit.Torch.torch.nn.functional;

namespace GanKit.Tests.Networks;

public class PolyphaseConvTranspose2dTests
{
    private readonly Random _random = new(77);

    private Tensor R(params long[] shape)
    {
        var values = new double[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++) values[i] = 2 * _random.NextDouble() - 1;
        return torch.tensor(values, shape);
    }

    [Theory]
    [InlineData(3, 3, 2, 0, 0, 1)]   // the synthesis network's up-convolution
    [InlineData(3, 3, 2, 1, 1, 4)]   // grouped, as in fused modulation
    [InlineData(4, 4, 2, 0, 0, 3)]   // kernel a multiple of the stride: no zero taps
    [InlineData(1, 1, 2, 0, 0, 1)]   // 1×1: only one phase has a tap
    [InlineData(5, 3, 3, 2, 1, 2)]   // non-square kernel, stride 3, unequal padding
    public void MatchesConvTranspose2dWithItsGradients(int kh, int kw, int stride, int padY, int padX, int groups)
    {
        using var scope = torch.NewDisposeScope();
        var x = R(2, 3 * groups, 5, 6).requires_grad_();
        var w = R(3 * groups, 2, kh, kw).requires_grad_();
        var expected = F.conv_transpose2d(x, w, null, [stride, stride], [padY, padX], [0, 0], groups, [1, 1]);
        var actual = PolyphaseConvTranspose2d.conv_transpose2d(x, w, stride, (padY, padX), groups);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True((expected - actual).abs().max().item() < 1e-12, "forward differs");

        // Same function, so the same gradients for the same upstream gradient.
        var upstream = R(expected.shape);
        var expectedGrads = torch.autograd.grad([expected], [x, w], [upstream]);
        var actualGrads = torch.autograd.grad([actual], [x, w], [upstream]);
        for (var i = 0; i < 2; i++)
            Assert.True((expectedGrads[i]! - actualGrads[i]!).abs().max().item() < 1e-12, $"gradient {i} differs");
    }

    [Fact]
    public void GradientMatchesFiniteDifferences()
    {
        var error = GradCheck.MaxRelativeError(
            xs => PolyphaseConvTranspose2d.conv_transpose2d(xs[0], xs[1], 2, (1, 1), groups: 2), R(2, 4, 3, 3), R(4, 2, 3, 3));
        Assert.True(error < 1e-6, $"relative error {error}");
    }

    [Fact]
    public void PaddingThatLeavesNoOutputIsAClearError()
    {
        using var x = R(1, 1, 2, 2);
        using var w = R(1, 1, 3, 3);
        var e = Assert.Throws<ArgumentException>(() => PolyphaseConvTranspose2d.conv_transpose2d(x, w, 2, (3, 3)));
        Assert.Contains("padding", e.Message);
    }
}
