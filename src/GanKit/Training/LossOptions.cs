using GanKit.Networks.Layers;

namespace GanKit.Training;

/// <summary>
/// The settings of the StyleGAN2 loss: R1 γ, path-length weight, decay and batch shrink, style-mixing
/// probability, and the synthesis noise used while training.
/// </summary>
/// <param name="R1Gamma">γ of R1 (<see cref="R1Regularization"/>).</param>
/// <param name="PlWeight">Path-length weight; 0 turns the regulariser off (the <c>cifar</c> preset).</param>
/// <param name="PlDecay">How fast the path-length mean moves.</param>
/// <param name="PlBatchShrink">The path-length batch is the phase batch divided by this.</param>
/// <param name="StyleMixingProbability">Chance that a batch of fakes is style-mixed.</param>
/// <param name="NoiseMode">Synthesis noise: <c>Random</c> when training; <c>Const</c> replays an iteration exactly.</param>
public sealed record LossOptions(double R1Gamma = 10, double PlWeight = 2, double PlDecay = 0.01, int PlBatchShrink = 2,
    double StyleMixingProbability = 0.9, NoiseMode NoiseMode = NoiseMode.Random);
