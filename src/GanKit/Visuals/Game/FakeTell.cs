namespace GanKit.Visuals.Game;

/// <summary>
/// One measured way in which a generated face differs from the real ones: which cue, the fake's value, the real
/// images' mean and spread, and a short note for the player.
/// </summary>
/// <param name="Cue">The <see cref="FaceCues"/> property, e.g. <c>Detail</c>.</param>
/// <param name="Note">What gave the fake away, with the numbers.</param>
/// <param name="Value">The fake's value.</param>
/// <param name="RealMean">The mean over the real reference images.</param>
/// <param name="RealSpread">Their standard deviation (with a small floor, so a uniform set still compares).</param>
/// <param name="Score">How many spreads the fake lies from the real mean, in the direction the note names.</param>
public sealed record FakeTell(string Cue, string Note, double Value, double RealMean, double RealSpread, double Score);
