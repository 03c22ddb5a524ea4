using GanKit.Torch;

namespace GanKit.Tests.Torch;

/// <summary>Compares autograd gradients with central finite differences in float64.</summary>
internal static class GradCheck
{
    /// <summary>Largest relative error between analytic and numeric gradients of <c>sum(f(inputs) * projection)</c>.</summary>
    public static double MaxRelativeError(Func<Tensor[], Tensor> f, params Tensor[] inputs)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var x in inputs) x.requires_grad = true;
        var output = f(inputs);
        // A fixed random projection makes the scalar depend on every output element differently.
        var projection = torch.linspace(-1, 1, output.numel(), ScalarType.Float64).reshape(output.shape).cos();
        var scalar = (output * projection).sum();
        var analytic = Autograd.grad([scalar], inputs);

        double Evaluate(Tensor[] xs)
        {
            using var inner = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            return (f(xs) * projection).sum().ToDouble();
        }

        var worst = 0.0;
        for (var i = 0; i < inputs.Length; i++)
        {
            var numeric = NumericGradient(inputs, i, Evaluate);
            var exact = analytic[i]!.data<double>().ToArray();
            worst = Math.Max(worst, RelativeError(exact, numeric));
        }
        return worst;
    }

    /// <summary>Central differences of <paramref name="evaluate"/> with respect to input <paramref name="which"/>.</summary>
    public static double[] NumericGradient(Tensor[] inputs, int which, Func<Tensor[], double> evaluate, double h = 1e-6)
    {
        var values = inputs[which].detach().data<double>().ToArray();
        var shape = inputs[which].shape;
        var gradient = new double[values.Length];
        var perturbed = (Tensor[])inputs.Clone();
        for (var j = 0; j < values.Length; j++)
        {
            var original = values[j];
            values[j] = original + h;
            using (var plus = torch.tensor(values, shape)) { perturbed[which] = plus; gradient[j] = evaluate(perturbed); }
            values[j] = original - h;
            using (var minus = torch.tensor(values, shape)) { perturbed[which] = minus; gradient[j] -= evaluate(perturbed); }
            values[j] = original;
            gradient[j] /= 2 * h;
        }
        return gradient;
    }

    /// <summary>max |a-b| / max(|a|, |b|, 1e-3): relative where values are large, absolute near zero.</summary>
    public static double RelativeError(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        var worst = 0.0;
        for (var k = 0; k < a.Length; k++)
        {
            var scale = Math.Max(Math.Max(Math.Abs(a[k]), Math.Abs(b[k])), 1e-3);
            worst = Math.Max(worst, Math.Abs(a[k] - b[k]) / scale);
        }
        return worst;
    }
}
