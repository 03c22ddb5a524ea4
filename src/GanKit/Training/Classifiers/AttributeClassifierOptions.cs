namespace GanKit.Training.Classifiers;

/// <summary>How <see cref="AttributeClassifierTrainer.Train"/> trains.</summary>
/// <param name="Epochs">Passes over the training part of the dataset.</param>
/// <param name="BatchSize">Images per step.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
/// <param name="HeldOutFraction">The share of images (a seeded random subset) kept out of training and used to measure accuracy.</param>
/// <param name="Seed">Seed of the split, the shuffling and the initial weights.</param>
/// <param name="Width">Channels of the first convolution.</param>
/// <param name="MaxImages">Use at most this many images of the dataset; null: all.</param>
public sealed record AttributeClassifierOptions(int Epochs = 6, int BatchSize = 64, double LearningRate = 2e-3, double HeldOutFraction = 0.1,
    int Seed = 0, int Width = 32, int? MaxImages = null);
