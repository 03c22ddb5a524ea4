namespace GanKit.Tests.Torch;

/// <summary>
/// The convolution shape that oneDNN got wrong on an AVX-512 CPU (129 input channels on a 4×4 map, the
/// discriminator's epilogue) must agree with float64 once GanKit has initialised libtorch, whatever the CPU.
/// </summary>
public sealed class OneDnnConvolutionTests
{
    [Theory]
    [InlineData(129, 4)]
    [InlineData(129, 8)]
    [InlineData(65, 4)]
    public void Float32ConvolutionAgreesWithFloat64AfterInitialisation(int channels, int size)
    {
        GanKit.Torch.TorchRuntime.EnsureInitialized();
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(7);
        var x = torch.randn([4, channels, size, size], generator: generator);
        var w = torch.randn([32, channels, 3, 3], generator: generator) / Math.Sqrt(channels * 9);
        var single = torch.nn.functional.conv2d(x, w, null, [1, 1], [1, 1]).to(ScalarType.Float64);
        var exact = torch.nn.functional.conv2d(x.to(ScalarType.Float64), w.to(ScalarType.Float64), null, [1, 1], [1, 1]);
        var error = (single - exact).abs().max().ToDouble();
        Assert.True(error < 1e-4, $"float32 convolution of {channels} channels on {size}×{size} is off by {error:E2} (oneDNN off: {GanKit.Torch.TorchRuntime.OneDnnOff})");
    }
}
