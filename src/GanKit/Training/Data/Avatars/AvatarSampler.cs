using GanKit.Latent;

namespace GanKit.Training.Data.Avatars;

/// <summary>
/// Draws avatars' factor values from the stated distributions of <see cref="AvatarFactors"/>: one MT19937 stream
/// (NumPy's <c>RandomState(seed)</c>) and one uniform number per factor per face, in order, so a seed always gives
/// the same faces and the first N faces of a longer dataset are the N faces of a shorter one.
/// </summary>
public static class AvatarSampler
{
    /// <summary>The factor values of faces 0 … <paramref name="count"/> − 1 for <paramref name="seed"/>.</summary>
    public static IEnumerable<AvatarAttributes> Draw(uint seed, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var random = new SeedRandom(seed);
        for (var i = 0; i < count; i++)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var factor in AvatarFactors.All) values[factor.Name] = factor.Pick(random.NextDouble()).Name;
            yield return new AvatarAttributes(values);
        }
    }
}
