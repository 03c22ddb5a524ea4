namespace GanKit.Training.Data;

/// <summary>What <see cref="DatasetBuilder.Build"/> makes.</summary>
/// <param name="Source">A folder of images (searched recursively) or a zip, optionally with a <c>dataset.json</c> of labels.</param>
/// <param name="Dest">The dataset to write: a <c>.zip</c>, or a folder that does not exist yet or is empty.</param>
/// <param name="Resolution">Side of the square output images, a power of two of at least 4.</param>
/// <param name="Transform">How each image becomes a square.</param>
/// <param name="MaxImages">Stop after this many images are written; null: all.</param>
public sealed record DatasetBuildOptions(string Source, string Dest, int Resolution, DatasetTransform Transform = DatasetTransform.CenterCrop, int? MaxImages = null);

/// <summary>A source file that was left out of the dataset, and why.</summary>
/// <param name="File">The file, as named in messages (its path, or the zip and entry).</param>
/// <param name="Reason">Why it was left out.</param>
public sealed record SkippedImage(string File, string Reason);

/// <summary>What <see cref="DatasetBuilder.Build"/> wrote.</summary>
/// <param name="Dest">The dataset written.</param>
/// <param name="Found">Image files found in the source.</param>
/// <param name="Written">Images written.</param>
/// <param name="Resolution">Side of every image.</param>
/// <param name="Channels">1 when every image is greyscale, else 3.</param>
/// <param name="Labelled">Whether the source's labels were carried over.</param>
/// <param name="Skipped">Files left out, with reasons, in name order.</param>
/// <param name="ContactSheet">The PNG grid of the first 64 images, beside the dataset.</param>
public sealed record DatasetBuildReport(string Dest, int Found, int Written, int Resolution, int Channels, bool Labelled,
    IReadOnlyList<SkippedImage> Skipped, string ContactSheet);
