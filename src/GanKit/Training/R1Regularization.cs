using GanKit.Torch;

namespace GanKit.Training;

/// <summary>
/// R1 regularisation (Mescheder et al. 2018, used by StyleGAN and StyleGAN2): penalises the discriminator's
/// gradient on real data, γ/2 · ‖∇ₓD(x)‖², which keeps D from creating a non-zero gradient orthogonal to the
/// data manifold. Its gradient with respect to D's weights needs a double backward.
/// </summary>
public sealed class R1Regularization
{
    /// <summary>R1 with weight γ (<paramref name="gamma"/>; 10 for StyleGAN2 at 1024², 0.0002·res²/batch for <c>auto</c>).</summary>
    public R1Regularization(double gamma)
    {
        if (!(gamma >= 0) || double.IsInfinity(gamma)) throw new ArgumentOutOfRangeException(nameof(gamma), gamma, "R1: γ must be a finite number ≥ 0");
        Gamma = gamma;
    }

    /// <summary>γ.</summary>
    public double Gamma { get; }

    /// <summary>
    /// The squared gradient norm ‖∇ₓD(x)‖² per image [N], for <paramref name="realLogits"/> = D(<paramref name="reals"/>)
    /// where <paramref name="reals"/> requires grad. The result keeps the graph for the double backward.
    /// </summary>
    public static Tensor GradientNorm(Tensor realLogits, Tensor reals)
    {
        using var scope = torch.NewDisposeScope();
        var grads = Autograd.grad([realLogits.sum()], [reals], create_graph: true)[0];
        return grads.square().sum([1, 2, 3]).MoveToOuterDisposeScope();
    }

    /// <summary>The loss per image: γ/2 · <paramref name="gradientNorm"/>.</summary>
    public Tensor Loss(Tensor gradientNorm) => gradientNorm * (Gamma / 2);
}
