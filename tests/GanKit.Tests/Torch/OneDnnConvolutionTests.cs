using GanKit.Networks.Ops;
using GanKit.Torch;

namespace GanKit.Tests.Torch;

/// <summary>
/// The convolution classes oneDNN got wrong on AVX-512 CPUs must agree with float64 once GanKit has initialised
/// libtorch, whatever the CPU and whichever mode the start-up check chose; and padding channels must not change a
/// convolution's result on any CPU.
/// </summary>
public sealed class OneDnnConvolutionTests
{
    /// <summary>Network convolutions (through <see cref="Conv2dResample"/>), forward, both gradients and the double backward of R1 and path length.</summary>
    [Theory]
    [InlineData(4, 129, 128, 3, 4, 1, 1)]
    [InlineData(4, 129, 32, 3, 8, 1, 1)]
    [InlineData(4, 65, 64, 3, 4, 1, 1)]
    [InlineData(4, 33, 32, 3, 16, 1, 2)]
    [InlineData(4, 48, 48, 3, 8, 1, 2)]
    [InlineData(4, 32, 8, 3, 8, 1, 1)]
    [InlineData(4, 24, 17, 3, 8, 1, 1)]
    [InlineData(4, 33, 48, 3, 4, 2, 1)]
    [InlineData(4, 129, 65, 3, 8, 2, 1)]
    [InlineData(2, 64, 3, 1, 8, 1, 1)] // toRGB under path-length regularisation (batch 4 / pl_batch_shrink 2)
    [InlineData(4, 3, 64, 1, 16, 1, 1)] // fromRGB under R1
    [InlineData(4, 64, 128, 1, 16, 1, 2)] // the discriminator's skip
    public void NetworkConvolutionAgreesWithFloat64AfterInitialisation(int batch, int inChannels, int outChannels, int kernel, int size, int up, int down)
    {
        TorchRuntime.EnsureInitialized();
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(7);
        var x = torch.randn([batch, inChannels, size, size], generator: generator);
        var w = torch.randn([outChannels, inChannels, kernel, kernel], generator: generator) / Math.Sqrt(inChannels * kernel * kernel);
        var bias = torch.randn([outChannels], generator: generator);
        var single = ForwardGradientsAndR1(x, w, bias, up, down);
        var exact = ForwardGradientsAndR1(x.to(ScalarType.Float64), w.to(ScalarType.Float64), bias.to(ScalarType.Float64), up, down);
        string[] names = ["output", "input gradient", "weight gradient", "R1 weight gradient"];
        for (var i = 0; i < names.Length; i++)
        {
            var error = (single[i].to(ScalarType.Float64) - exact[i]).abs().max().ToDouble() / Math.Max(1, exact[i].abs().max().ToDouble());
            Assert.True(error < 1e-4, $"{names[i]} of a float32 {kernel}×{kernel} convolution {inChannels}→{outChannels} on {batch}×{size}×{size} (up {up}, down {down}) " +
                                      $"is off by {error:E2} of its scale (oneDNN: {TorchRuntime.OneDnnConvolution})");
        }
    }

    /// <summary>Padded (or, for 1×1, matrix-product) and plain convolutions are the same math: in float64 (never oneDNN) they agree on every output and gradient.</summary>
    [Theory]
    [InlineData(17, 33, 1, false)]
    [InlineData(129, 8, 2, false)]
    [InlineData(3, 17, 1, false)]
    [InlineData(33, 65, 2, true)]
    [InlineData(129, 3, 2, true)]
    [InlineData(64, 3, 1, false, 1)]
    [InlineData(3, 64, 1, false, 1)]
    public void PaddedChannelsGiveTheSameConvolution(int inChannels, int outChannels, int stride, bool transpose, int kernel = 3)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(3);
        var x = torch.randn([2, inChannels, 6, 6], dtype: ScalarType.Float64, generator: generator);
        long[] weightShape = transpose ? [inChannels, outChannels, kernel, kernel] : [outChannels, inChannels, kernel, kernel];
        var w = torch.randn(weightShape, dtype: ScalarType.Float64, generator: generator);
        var bias = torch.randn([outChannels], dtype: ScalarType.Float64, generator: generator);
        var padding = transpose ? (0L, 0L) : (kernel / 2L, kernel / 2L);

        Tensor[] Run(bool pad)
        {
            var xLeaf = x.detach().requires_grad_(true);
            var wLeaf = w.detach().requires_grad_(true);
            var bLeaf = bias.detach().requires_grad_(true);
            var y = ChannelPaddedConvolution.Convolve(xLeaf, wLeaf, bLeaf, stride, padding, 1, transpose, pad);
            var grads = torch.autograd.grad([(y * y).sum()], [xLeaf, wLeaf, bLeaf]);
            return [y.detach(), .. grads];
        }

        var plain = Run(pad: false);
        var padded = Run(pad: true);
        Assert.Equal(plain[0].shape, padded[0].shape);
        for (var i = 0; i < plain.Length; i++)
            Assert.True(plain[i].allclose(padded[i], rtol: 1e-12, atol: 1e-12), $"result {i} changed when the channels were padded");
    }

    [Theory]
    [InlineData(1, 16)]
    [InlineData(16, 16)]
    [InlineData(17, 32)]
    [InlineData(48, 64)]
    [InlineData(128, 128)]
    [InlineData(129, 160)]
    public void ChannelsArePaddedTo16OrAMultipleOf32(long channels, long padded) =>
        Assert.Equal(padded, ChannelPaddedConvolution.SafeChannels(channels));

    private static Tensor[] ForwardGradientsAndR1(Tensor x, Tensor w, Tensor bias, int up, int down)
    {
        var f = Upfirdn2d.setup_filter([1, 3, 3, 1]).to(x.dtype);
        var xLeaf = x.detach().requires_grad_(true);
        var wLeaf = w.detach().requires_grad_(true);
        var y = Conv2dResample.conv2d_resample(xLeaf, wLeaf, f, up: up, down: down, padding: (int)w.shape[3] / 2, bias: bias);
        var outputGradient = torch.linspace(-1, 1, y.numel(), dtype: y.dtype).reshape(y.shape);
        var grads = torch.autograd.grad([y], [xLeaf, wLeaf], [outputGradient], retain_graph: true);
        // R1's shape: the input gradient of a nonlinear score, differentiated again with respect to the weights.
        var score = (torch.nn.functional.leaky_relu(y, 0.2) * outputGradient).sum();
        var inputGradient = torch.autograd.grad([score], [xLeaf], retain_graph: true, create_graph: true)[0];
        var r1 = torch.autograd.grad([inputGradient.square().sum()], [wLeaf])[0];
        return [y.detach(), grads[0], grads[1], r1];
    }
}
