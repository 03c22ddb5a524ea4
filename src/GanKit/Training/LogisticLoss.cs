namespace GanKit.Training;

/// <summary>
/// The non-saturating logistic GAN loss (Goodfellow et al. 2014, as in StyleGAN2), per sample, from the
/// discriminator's logits. softplus(x) = log(1 + eˣ), so softplus(−D) = −log σ(D).
/// </summary>
public static class LogisticLoss
{
    /// <summary>G's loss: softplus(−D(G(z))), i.e. −log σ(D(fake)), large when D rejects the fakes.</summary>
    public static Tensor Generator(Tensor fakeLogits) => torch.nn.functional.softplus(-fakeLogits);

    /// <summary>D's loss on fakes: softplus(D(G(z))) = −log(1 − σ(D(fake))).</summary>
    public static Tensor DiscriminatorFake(Tensor fakeLogits) => torch.nn.functional.softplus(fakeLogits);

    /// <summary>D's loss on reals: softplus(−D(x)) = −log σ(D(real)).</summary>
    public static Tensor DiscriminatorReal(Tensor realLogits) => torch.nn.functional.softplus(-realLogits);
}
