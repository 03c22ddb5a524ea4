namespace GanKit.Training.Data.Avatars;

/// <summary>One value a factor can take: its name in the attributes table, its probability, and what DiceBear draws.</summary>
/// <param name="Name">The value as the attributes table and labels name it (e.g. <c>"yes"</c>, <c>"round"</c>, <c>"blonde"</c>).</param>
/// <param name="Probability">The chance of drawing this value.</param>
/// <param name="DiceBear">The avataaars option value it maps to (a part name or a hex colour), or null when the part is absent.</param>
public sealed record AvatarFactorValue(string Name, double Probability, string? DiceBear);

/// <summary>
/// A known factor of variation of the avatars dataset (smile, glasses, hair colour, ...): a categorical
/// distribution over named values, drawn independently of the other factors.
/// </summary>
/// <param name="Name">The factor's name in <c>dataset.json</c> (e.g. <c>"smile"</c>).</param>
/// <param name="Description">What it controls, for people.</param>
/// <param name="Values">The values in a fixed order (a label is the index into this list); probabilities sum to 1.</param>
public sealed record AvatarFactor(string Name, string Description, IReadOnlyList<AvatarFactorValue> Values)
{
    /// <summary>The value drawn for a uniform number <paramref name="u"/> in [0, 1): the first whose cumulative probability exceeds it.</summary>
    public AvatarFactorValue Pick(double u)
    {
        var cumulative = 0.0;
        foreach (var value in Values)
        {
            cumulative += value.Probability;
            if (u < cumulative) return value;
        }
        return Values[^1]; // rounding of the cumulative sum
    }

    /// <summary>The value called <paramref name="name"/>; the error lists the factor's values.</summary>
    public AvatarFactorValue Value(string name) =>
        Values.FirstOrDefault(v => v.Name == name)
        ?? throw new ArgumentException($"'{name}' is not a value of the avatar factor '{Name}': expected one of {string.Join(", ", Values.Select(v => v.Name))}.");

    /// <summary>The position of the value called <paramref name="name"/> (its class label).</summary>
    public int IndexOf(string name)
    {
        for (var i = 0; i < Values.Count; i++)
            if (Values[i].Name == name) return i;
        throw new ArgumentException($"'{name}' is not a value of the avatar factor '{Name}'.");
    }
}
