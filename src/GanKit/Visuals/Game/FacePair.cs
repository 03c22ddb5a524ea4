using GanKit.Imaging;

namespace GanKit.Visuals.Game;

/// <summary>One round of <see cref="WhichFaceIsReal"/>: a real image and a generated one, both at the game's image size.</summary>
/// <param name="Number">1-based round number.</param>
/// <param name="Real">The real image.</param>
/// <param name="Fake">The generated image.</param>
/// <param name="RealOnLeft">Whether the real image is shown on the left.</param>
/// <param name="RealSource">The real image's file in the dataset (relative to the folder or zip).</param>
/// <param name="FakeSeed">The generated image's seed (the seed contract: <c>gankit generate --seeds</c> shows it again at the same ψ).</param>
/// <param name="FakeClass">The class a conditional network drew the fake for, or null.</param>
/// <param name="RealCues">Measurements of the real image.</param>
/// <param name="FakeCues">Measurements of the fake.</param>
/// <param name="Tells">What gave the fake away, strongest first; empty when no measured cue stood out.</param>
public sealed record FacePair(
    int Number,
    RgbImage Real,
    RgbImage Fake,
    bool RealOnLeft,
    string RealSource,
    uint FakeSeed,
    int? FakeClass,
    FaceCues RealCues,
    FaceCues FakeCues,
    IReadOnlyList<FakeTell> Tells)
{
    /// <summary>The image shown on the left.</summary>
    public RgbImage Left => RealOnLeft ? Real : Fake;

    /// <summary>The image shown on the right.</summary>
    public RgbImage Right => RealOnLeft ? Fake : Real;

    /// <summary>The notes for the reveal: the measured tells, or <see cref="FakeTells.NothingMeasured"/>.</summary>
    public IReadOnlyList<string> Notes => Tells.Count > 0 ? Tells.Select(t => t.Note).ToList() : [FakeTells.NothingMeasured];
}
