using System.Runtime.InteropServices;
using GanKit.Torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Tests.Torch;

public class GradientTests
{
    private const double Tolerance = 1e-6;

    // Inputs come from a private generator: libtorch's global one is shared with tests running in parallel.
    private readonly Random _random = new(1234);

    private Tensor R(params long[] shape) => R(1.0, shape);

    private Tensor R(double scale, params long[] shape)
    {
        TorchRuntime.EnsureInitialized();
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            // Box-Muller: standard normal samples.
            var u = 1 - _random.NextDouble();
            values[i] = scale * Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * _random.NextDouble());
        }
        return torch.tensor(values, shape);
    }

    [Fact]
    public void Conv2dWithGroupsStrideAndPaddingMatchesFiniteDifferences()
    {
        var error = GradCheck.MaxRelativeError(
            xs => F.conv2d(xs[0], xs[1], xs[2], strides: [2, 2], padding: [1, 1], groups: 2),
            R(2, 4, 7, 7), R(6, 2, 3, 3), R(6));
        Assert.True(error < Tolerance, $"relative error {error}");
    }

    [Fact]
    public void ConvTranspose2dMatchesFiniteDifferences()
    {
        var error = GradCheck.MaxRelativeError(
            xs => F.conv_transpose2d(xs[0], xs[1], xs[2], strides: [2, 2], padding: [1, 1]),
            R(2, 3, 4, 4), R(3, 2, 3, 3), R(2));
        Assert.True(error < Tolerance, $"relative error {error}");
    }

    [Fact]
    public void LinearMatchesFiniteDifferences()
    {
        var error = GradCheck.MaxRelativeError(xs => F.linear(xs[0], xs[1], xs[2]), R(5, 7), R(3, 7), R(3));
        Assert.True(error < Tolerance, $"relative error {error}");
    }

    [Fact]
    public void LeakyReluMatchesFiniteDifferences()
    {
        // Keep inputs away from the kink at 0, where the derivative is undefined.
        using var raw = R(4, 9);
        using var input = raw + raw.sign() * 0.05;
        var error = GradCheck.MaxRelativeError(xs => F.leaky_relu(xs[0], 0.2), input.detach());
        Assert.True(error < Tolerance, $"relative error {error}");
    }

    [Fact]
    public void CompositionMatchesFiniteDifferences()
    {
        var error = GradCheck.MaxRelativeError(xs =>
        {
            var h = F.conv2d(xs[0], xs[1], null, padding: [1, 1]);
            h = F.leaky_relu(h, 0.2) * Math.Sqrt(2);
            h = F.conv_transpose2d(h, xs[2], null, strides: [2, 2]);
            var flat = h.flatten(1);
            return F.softplus(F.linear(flat, xs[3]));
        }, R(2, 2, 4, 4), R(1 / Math.Sqrt(18), 3, 2, 3, 3), R(1 / Math.Sqrt(12), 3, 2, 2, 2), R(1 / Math.Sqrt(128), 4, 128));
        Assert.True(error < Tolerance, $"relative error {error}");
    }

    [Fact]
    public void DoubleBackwardOfGradientNormMatchesFiniteDifferences()
    {
        // f(W) = ‖∂g/∂x‖², g = sum(conv net(x; W) · p): the shape of R1 and path-length penalties.
        using var scope = torch.NewDisposeScope();
        var x = R(2, 2, 5, 5);
        var w1 = R(3, 2, 3, 3);
        var w2 = R(1, 3, 3, 3);
        var p = R(2, 1, 5, 5);

        Tensor GradientNorm(Tensor input, Tensor a, Tensor b, bool createGraph)
        {
            var h = F.leaky_relu(F.conv2d(input, a, null, padding: [1, 1]), 0.2);
            var g = (F.conv2d(h, b, null, padding: [1, 1]) * p).sum();
            var dx = Autograd.grad([g], [input], create_graph: createGraph)[0]!;
            return dx.square().sum();
        }

        x.requires_grad = true;
        w1.requires_grad = true;
        w2.requires_grad = true;
        var penalty = GradientNorm(x, w1, w2, createGraph: true);
        var analytic = Autograd.grad([penalty], [w1, w2]);

        double Evaluate(Tensor[] ws)
        {
            using var inner = torch.NewDisposeScope();
            var input = x.detach().requires_grad_();
            return GradientNorm(input, ws[0], ws[1], createGraph: false).ToDouble();
        }

        var weights = new[] { w1.detach(), w2.detach() };
        for (var i = 0; i < 2; i++)
        {
            var numeric = GradCheck.NumericGradient(weights, i, Evaluate);
            var error = GradCheck.RelativeError(analytic[i]!.data<double>().ToArray(), numeric);
            Assert.True(error < Tolerance, $"weight {i}: relative error {error}");
        }
    }

    [Fact]
    public void BackwardOfANonScalarWithoutGradientIsAManagedError()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.ones([3], requires_grad: true);
        var error = Assert.ThrowsAny<ExternalException>(() => (w * 2.0).backward());
        Assert.Contains("scalar", error.Message);
    }

    [Fact]
    public void GradOnAFreedGraphIsAManagedErrorAndLeavesGradUntouched()
    {
        using var scope = torch.NewDisposeScope();
        var w = torch.ones([3], requires_grad: true);
        var y = (w * w).sum();
        var first = Autograd.grad([y], [w])[0];
        Assert.Equal(new[] { 2f, 2f, 2f }, first.data<float>().ToArray());
        Assert.Null(w.grad);
        // The graph was freed by the first call: libtorch refuses, and the process lives on.
        var error = Assert.ThrowsAny<ExternalException>(() => Autograd.grad([y], [w]));
        Assert.Contains("second time", error.Message);
        var unused = torch.ones([2], requires_grad: true);
        Assert.ThrowsAny<Exception>(() => Autograd.grad([(w * 3).sum()], [unused]));
        Assert.Null(unused.grad);
    }
}
