namespace GanKit.Training.Data.Avatars;

/// <summary>What <see cref="AvatarDataset.Build"/> makes.</summary>
/// <param name="Dest">The dataset to write: a <c>.zip</c>, or a folder that does not exist yet or is empty.</param>
/// <param name="Count">Number of faces, at least 1.</param>
/// <param name="Resolution">Side of the square images, a power of two from 8 to 1024.</param>
/// <param name="Seed">Seed of the factor draws: the same seed gives the same bytes.</param>
/// <param name="LabelFactor">A factor whose value index becomes each image's class label (<c>labels</c> in
/// <c>dataset.json</c>, for <c>--cond</c> training); null: unlabelled.</param>
public sealed record AvatarDatasetOptions(string Dest, int Count, int Resolution, uint Seed = 0, string? LabelFactor = null);
