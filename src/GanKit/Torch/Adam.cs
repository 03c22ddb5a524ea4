namespace GanKit.Torch;

/// <summary>
/// The Adam optimiser (Kingma and Ba, 2015) with bias correction, as <c>torch.optim.Adam</c>.
/// Its state (moments and step counts) saves and loads by name for exact resume.
/// </summary>
public sealed class Adam : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly Tensor?[] _expAvg;
    private readonly Tensor?[] _expAvgSq;
    private readonly long[] _steps;

    /// <summary>Creates the optimiser over <paramref name="parameters"/>.</summary>
    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        _parameters = parameters.ToArray();
        if (lr <= 0) throw new ArgumentOutOfRangeException(nameof(lr), lr, "learning rate must be positive");
        if (beta1 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "beta1 must be in [0, 1)");
        if (beta2 is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "beta2 must be in [0, 1)");
        LearningRate = lr;
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        _expAvg = new Tensor?[_parameters.Length];
        _expAvgSq = new Tensor?[_parameters.Length];
        _steps = new long[_parameters.Length];
    }

    /// <summary>Learning rate (may be changed between steps).</summary>
    public double LearningRate { get; set; }

    /// <summary>Decay of the first-moment estimate.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second-moment estimate.</summary>
    public double Beta2 { get; }

    /// <summary>Term added to the denominator for stability.</summary>
    public double Eps { get; }

    /// <summary>Clears the parameters' gradients.</summary>
    public void zero_grad()
    {
        foreach (var p in _parameters) p.grad = null;
    }

    /// <summary>Updates each parameter that has a gradient.</summary>
    public void step()
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        for (var k = 0; k < _parameters.Length; k++)
        {
            var p = _parameters[k];
            var g = p.grad;
            if (g is null) continue;
            _expAvg[k] ??= torch.zeros_like(p).DetachFromDisposeScope();
            _expAvgSq[k] ??= torch.zeros_like(p).DetachFromDisposeScope();
            var m = _expAvg[k]!;
            var v = _expAvgSq[k]!;
            var t = ++_steps[k];
            m.lerp_(g, 1 - Beta1);                 // m ← β₁m + (1-β₁)g
            v.mul_(Beta2).addcmul_(g, g, 1 - Beta2); // v ← β₂v + (1-β₂)g²
            var biasCorrection1 = 1 - Math.Pow(Beta1, t);
            var biasCorrection2 = 1 - Math.Pow(Beta2, t);
            var denominator = (v.sqrt() / Math.Sqrt(biasCorrection2)).add_(Eps);
            p.addcdiv_(m, denominator, -LearningRate / biasCorrection1);
        }
    }

    /// <summary>
    /// The optimiser state by key (<c>state.K.exp_avg</c>, <c>state.K.exp_avg_sq</c>, <c>state.K.step</c>,
    /// K the parameter's position): copies, owned by the caller.
    /// </summary>
    public Dictionary<string, Tensor> state_dict()
    {
        var result = new Dictionary<string, Tensor>();
        for (var k = 0; k < _parameters.Length; k++)
        {
            if (_expAvg[k] is null) continue;
            result[$"state.{k}.exp_avg"] = _expAvg[k]!.clone().DetachFromDisposeScope();
            result[$"state.{k}.exp_avg_sq"] = _expAvgSq[k]!.clone().DetachFromDisposeScope();
            result[$"state.{k}.step"] = torch.tensor(new[] { _steps[k] }, []).DetachFromDisposeScope();
        }
        result["param_groups.0.lr"] = torch.tensor(new[] { LearningRate }, []).DetachFromDisposeScope();
        return result;
    }

    /// <summary>Restores a state saved by <see cref="state_dict"/> for the same parameters.</summary>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> state)
    {
        using var noGrad = torch.no_grad();
        for (var k = 0; k < _parameters.Length; k++)
        {
            if (!state.TryGetValue($"state.{k}.exp_avg", out var m)) continue;
            if (!state.TryGetValue($"state.{k}.exp_avg_sq", out var v) || !state.TryGetValue($"state.{k}.step", out var step))
                throw new ArgumentException($"optimizer state for parameter {k} is incomplete", nameof(state));
            var expected = _parameters[k].shape;
            if (!m.shape.SequenceEqual(expected) || !v.shape.SequenceEqual(expected))
                throw new ArgumentException($"optimizer state.{k}: expected shape [{string.Join(", ", expected)}], found [{string.Join(", ", m.shape)}]", nameof(state));
            _expAvg[k]?.Dispose();
            _expAvgSq[k]?.Dispose();
            _expAvg[k] = m.to(_parameters[k].dtype, _parameters[k].device, copy: true).DetachFromDisposeScope();
            _expAvgSq[k] = v.to(_parameters[k].dtype, _parameters[k].device, copy: true).DetachFromDisposeScope();
            _steps[k] = step.item_long();
        }
        if (state.TryGetValue("param_groups.0.lr", out var lr)) LearningRate = lr.item();
    }

    /// <summary>Frees the moment tensors.</summary>
    public void Dispose()
    {
        foreach (var t in _expAvg) t?.Dispose();
        foreach (var t in _expAvgSq) t?.Dispose();
    }
}
