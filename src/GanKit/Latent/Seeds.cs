using System.Globalization;

namespace GanKit.Latent;

/// <summary>Parses seed lists as the command line and the reference scripts write them: <c>0-3,7</c>.</summary>
public static class Seeds
{
    /// <summary>The most seeds one list may expand to; guards against typos such as <c>0-4000000000</c>.</summary>
    public const int MaxCount = 1_000_000;

    /// <summary>
    /// Expands a comma-separated list of seeds and inclusive ranges, keeping the order given:
    /// <c>"0-3,7"</c> gives 0, 1, 2, 3, 7. Seeds are 0 to 2^32 - 1, as NumPy's <c>RandomState</c> accepts.
    /// </summary>
    /// <param name="text">The list, e.g. <c>0-3,7</c>; spaces around items are ignored.</param>
    /// <param name="parameterName">The option named in error messages.</param>
    /// <exception cref="FormatException">The text is empty, malformed, a range runs backwards, or it expands to more than <see cref="MaxCount"/> seeds.</exception>
    public static IReadOnlyList<uint> Parse(string text, string parameterName = "--seeds")
    {
        ArgumentNullException.ThrowIfNull(text);
        var seeds = new List<uint>();
        foreach (var rawItem in text.Split(','))
        {
            var item = rawItem.Trim();
            var dash = item.Length > 1 ? item.IndexOf('-', 1) : -1; // a leading '-' is a bad seed, not a range
            uint first, last;
            if (dash < 0)
            {
                first = last = ParseSeed(item, text, parameterName);
            }
            else
            {
                first = ParseSeed(item[..dash].Trim(), text, parameterName);
                last = ParseSeed(item[(dash + 1)..].Trim(), text, parameterName);
                if (last < first)
                    throw Error(parameterName, text, $"the range {item} runs backwards");
            }
            if (seeds.Count + (long)(last - first) + 1 > MaxCount)
                throw Error(parameterName, text, $"it expands to more than {MaxCount} seeds");
            for (var seed = (long)first; seed <= last; seed++)
                seeds.Add((uint)seed);
        }
        return seeds;
    }

    private static uint ParseSeed(string item, string text, string parameterName)
    {
        if (item.Length == 0 || !item.All(char.IsAsciiDigit))
            throw Error(parameterName, text, item.Length == 0 ? "an item is empty" : $"'{item}' is not a seed");
        if (!uint.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
            throw Error(parameterName, text, $"{item} is above the largest seed, {uint.MaxValue}");
        return seed;
    }

    private static FormatException Error(string parameterName, string text, string problem) =>
        new($"{parameterName} \"{text}\": {problem}; expected seeds and ranges such as 0-3,7 (each 0 to {uint.MaxValue})");
}
