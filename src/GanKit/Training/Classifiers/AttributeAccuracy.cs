namespace GanKit.Training.Classifiers;

/// <summary>The held-out accuracy of an attribute classifier on one question.</summary>
/// <param name="Name">A factor (<c>"hairColor"</c>: the exact value) or a yes/no question (<c>"glasses vs none"</c>).</param>
/// <param name="Accuracy">Share of held-out images answered right.</param>
/// <param name="Count">Held-out images.</param>
/// <param name="Chance">The accuracy of always answering the most common value, for comparison.</param>
public sealed record AttributeAccuracy(string Name, double Accuracy, int Count, double Chance);
