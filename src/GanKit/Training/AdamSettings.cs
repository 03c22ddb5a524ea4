namespace GanKit.Training;

/// <summary>
/// Adam's hyperparameters (Kingma and Ba 2015) as StyleGAN2 trains: β₁ 0, β₂ 0.99, ε 1e-8. With lazy
/// regularisation (StyleGAN2, §3.1) the optimizer steps k+1 times per k minibatches (k main steps and one
/// regularisation step every k), so <see cref="ForLazyRegularization"/> scales the learning rate by
/// r = k/(k+1) and raises the betas to the power r, keeping the optimizer's time constants per minibatch.
/// </summary>
/// <param name="LearningRate">Step size.</param>
/// <param name="Beta1">Decay of the gradient's running mean.</param>
/// <param name="Beta2">Decay of the squared gradient's running mean.</param>
/// <param name="Epsilon">Added to the denominator.</param>
public sealed record AdamSettings(double LearningRate, double Beta1 = 0, double Beta2 = 0.99, double Epsilon = 1e-8)
{
    /// <summary>r = k/(k+1) for regularisation interval k; 1 without lazy regularisation (null or 0).</summary>
    public static double LazyRatio(int? interval)
    {
        if (interval is null or 0) return 1;
        if (interval < 0) throw new ArgumentOutOfRangeException(nameof(interval), interval, "Adam: the regularisation interval must be ≥ 0");
        return interval.Value / (interval.Value + 1.0);
    }

    /// <summary>The settings corrected for a regulariser run every <paramref name="interval"/> minibatches: lr·r, β₁ʳ, β₂ʳ.</summary>
    public AdamSettings ForLazyRegularization(int? interval)
    {
        var r = LazyRatio(interval);
        return this with { LearningRate = LearningRate * r, Beta1 = Math.Pow(Beta1, r), Beta2 = Math.Pow(Beta2, r) };
    }

    /// <summary>A TorchSharp Adam optimizer over <paramref name="parameters"/> with these settings.</summary>
    public torch.optim.Optimizer Create(IEnumerable<Parameter> parameters) =>
        torch.optim.Adam(parameters, LearningRate, Beta1, Beta2, Epsilon);
}
