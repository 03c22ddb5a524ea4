namespace GanKit.Training.Classifiers;

/// <summary>A factor an <see cref="AttributeClassifier"/> reads: its name and its values in class order.</summary>
/// <param name="Name">The factor's name (e.g. <c>"smile"</c>).</param>
/// <param name="Values">The value names; a class index is a position in this list.</param>
public sealed record ClassifiedFactor(string Name, IReadOnlyList<string> Values);
