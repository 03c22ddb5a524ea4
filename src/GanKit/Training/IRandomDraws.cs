namespace GanKit.Training;

/// <summary>
/// Every random number one training iteration draws, in one place, so a test can replay an iteration exactly
/// (fixed latents, fixed path-length noise, no mixing) while training draws from torch's generator
/// (<see cref="TorchRandomDraws"/>). Synthesis noise is not here: it is chosen by the loss's
/// <see cref="LossOptions.NoiseMode"/> (<c>Random</c> in training, <c>Const</c> for replays).
/// </summary>
public interface IRandomDraws
{
    /// <summary>Latents z ~ N(0, I) of shape [<paramref name="batch"/>, <paramref name="z_dim"/>] for the fakes of a phase.</summary>
    Tensor Latents(long batch, int z_dim, Device device);

    /// <summary>Gaussian noise shaped like <paramref name="images"/> (unscaled: y ~ N(0, I)) for the path-length penalty.</summary>
    Tensor PathLengthNoise(Tensor images);

    /// <summary>
    /// The first ws index taken from the second latent when style mixing: a uniform index in [1, num_ws − 1]
    /// with probability <paramref name="probability"/>, else <paramref name="num_ws"/> (no mixing).
    /// </summary>
    int StyleMixingCutoff(int num_ws, double probability);

    /// <summary>The second latents of style mixing, z₂ ~ N(0, I) shaped like <paramref name="z"/>.</summary>
    Tensor MixingLatents(Tensor z);
}
