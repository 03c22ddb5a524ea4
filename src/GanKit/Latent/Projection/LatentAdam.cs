namespace GanKit.Latent.Projection;

/// <summary>
/// Adam (Kingma and Ba 2015) over a few leaf tensors that are not module parameters (the latent and the network's
/// noise buffers), with the learning rate given per step. Everything stays on the tensors' device.
/// </summary>
internal sealed class LatentAdam : IDisposable
{
    private readonly Tensor[] _params;
    private readonly Tensor[] _m;
    private readonly Tensor[] _v;
    private readonly double _beta1, _beta2, _eps;
    private int _t;

    public LatentAdam(IReadOnlyList<Tensor> parameters, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _params = parameters.ToArray();
        _m = _params.Select(p => torch.zeros_like(p)).ToArray();
        _v = _params.Select(p => torch.zeros_like(p)).ToArray();
        (_beta1, _beta2, _eps) = (beta1, beta2, eps);
    }

    /// <summary>
    /// One update with gradients <paramref name="grads"/> (in the order of the parameters); parameter i moves at
    /// <paramref name="lr"/> × <paramref name="scales"/>[i] (all at <paramref name="lr"/> when null).
    /// </summary>
    public void Step(IReadOnlyList<Tensor> grads, double lr, IReadOnlyList<double>? scales = null)
    {
        _t++;
        var correction1 = 1 - Math.Pow(_beta1, _t);
        var correction2 = 1 - Math.Pow(_beta2, _t);
        using var noGrad = torch.no_grad();
        for (var i = 0; i < _params.Length; i++)
        {
            using var scope = torch.NewDisposeScope();
            var g = grads[i];
            _m[i].mul_(_beta1).add_(g, alpha: 1 - _beta1);
            _v[i].mul_(_beta2).addcmul_(g, g, value: 1 - _beta2);
            var denom = (_v[i] / correction2).sqrt_().add_(_eps);
            _params[i].addcdiv_(_m[i], denom, value: -lr * (scales?[i] ?? 1) / correction1);
        }
    }

    /// <summary>
    /// Swaps parameter <paramref name="index"/> for <paramref name="replacement"/>, whose moments are the old ones passed
    /// through <paramref name="carry"/> (e.g. repeated when one shared w becomes one w per layer), so the step sizes continue smoothly.
    /// </summary>
    public void Replace(int index, Tensor replacement, Func<Tensor, Tensor> carry)
    {
        _params[index] = replacement;
        var (m, v) = (_m[index], _v[index]);
        _m[index] = carry(m);
        _v[index] = carry(v);
        m.Dispose();
        v.Dispose();
    }

    public void Dispose()
    {
        foreach (var t in _m) t.Dispose();
        foreach (var t in _v) t.Dispose();
    }
}
