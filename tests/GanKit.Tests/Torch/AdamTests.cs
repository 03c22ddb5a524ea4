using GanKit.Torch;

namespace GanKit.Tests.Torch;

public class AdamTests
{
    [Fact]
    public void StepMatchesTheAlgorithmWrittenOut()
    {
        using var p = torch.tensor(new[] { 1.0, -2.0 }, requires_grad: true);
        using var adam = new Adam([p], lr: 0.1, beta1: 0.9, beta2: 0.99, eps: 1e-8);
        double[] x = [1.0, -2.0], m = [0, 0], v = [0, 0];
        for (var t = 1; t <= 3; t++)
        {
            adam.zero_grad();
            using (var loss = (p * p * p).sum()) loss.backward();  // gradient 3x²
            adam.step();
            for (var i = 0; i < 2; i++)
            {
                var g = 3 * x[i] * x[i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.99 * v[i] + 0.01 * g * g;
                var mHat = m[i] / (1 - Math.Pow(0.9, t));
                var vHat = v[i] / (1 - Math.Pow(0.99, t));
                x[i] -= 0.1 * mHat / (Math.Sqrt(vHat) + 1e-8);
            }
        }
        var actual = p.data<double>();
        for (var i = 0; i < 2; i++) Assert.Equal(x[i], actual[i], 1e-12);
    }

    [Fact]
    public void StateDictResumesExactly()
    {
        using var p = torch.tensor(new[] { 0.5, 1.5, -1.0 }, requires_grad: true);
        using var q = torch.tensor(new[] { 0.5, 1.5, -1.0 }, requires_grad: true);
        using var first = new Adam([p], lr: 0.05);
        void Step(Adam adam, Tensor t)
        {
            adam.zero_grad();
            using var loss = (t - 0.25).square().sum();
            loss.backward();
            adam.step();
        }
        for (var k = 0; k < 4; k++) { Step(first, p); }
        using (torch.no_grad()) q.copy_(p);
        var saved = first.state_dict();
        using var second = new Adam([q], lr: 0.9);
        second.load_state_dict(saved);
        foreach (var t in saved.Values) t.Dispose();
        Assert.Equal(0.05, second.LearningRate);
        Step(first, p);
        Step(second, q);
        Assert.Equal(p.data<double>(), q.data<double>());
    }
}
