using GanKit.Imaging;
using GanKit.Visuals.Game;

namespace GanKit.Tests.Visuals.Game;

/// <summary>The tells are measured: each fires on the defect it names, and none fires on a face like the reals.</summary>
public sealed class FakeTellsTests
{
    /// <summary>A flat-colour cartoon face on a plain background, its features shifted a little by <paramref name="v"/>.</summary>
    private static RgbImage Cartoon(int v, int size = 32)
    {
        var rgb = new byte[size * size * 3];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                (byte, byte, byte) c = (90, 160, (byte)(200 + v));
                double dx = x - size / 2 + 0.5, dy = y - size / 2 + 0.5;
                if (dx * dx + dy * dy < size * size / 8.0) c = (240, (byte)(190 + v), 150);
                if (Math.Abs(dy + size / 8) < 2 && Math.Abs(Math.Abs(dx) - size / 6 - v % 2) < 2) c = (30, 30, 30);
                if (Math.Abs(dy - size / 6) < 1.5 && Math.Abs(dx) < size / 6) c = (180, 40, 40);
                (rgb[(y * size + x) * 3], rgb[(y * size + x) * 3 + 1], rgb[(y * size + x) * 3 + 2]) = c;
            }
        }
        return new RgbImage(size, size, rgb);
    }

    private static List<FaceCues> Reals() => Enumerable.Range(0, 12).Select(v => FaceCues.Measure(Cartoon(v))).ToList();

    [Fact]
    public void A_face_like_the_reals_has_no_tell_and_gets_the_generic_note()
    {
        Assert.Empty(FakeTells.For(FaceCues.Measure(Cartoon(5)), Reals()));
    }

    [Fact]
    public void A_blurred_face_is_called_blurry_and_loses_its_flat_colours()
    {
        var blurred = Cartoon(4).Resize(8, 8).Resize(32, 32);
        var tells = FakeTells.For(FaceCues.Measure(blurred), Reals(), max: 6);
        Assert.Contains(tells, t => t.Cue == nameof(FaceCues.Detail) && t.Note.StartsWith("Blurry", StringComparison.Ordinal));
        Assert.Contains(tells, t => t.Cue == nameof(FaceCues.FlatArea));
        Assert.All(tells, t => Assert.True(t.Score >= FakeTells.MinScore));
        // By default only the two strongest, strongest first.
        var shown = FakeTells.For(FaceCues.Measure(blurred), Reals());
        Assert.Equal(tells.OrderByDescending(t => t.Score).Take(2).Select(t => t.Note), shown.Select(t => t.Note));
    }

    [Fact]
    public void Colour_speckle_and_a_lopsided_face_are_named()
    {
        var random = new Random(1);
        var face = Cartoon(3).ToArray();
        for (var i = 0; i < face.Length; i += 3)
        {
            face[i] = (byte)Math.Clamp(face[i] + random.Next(-40, 41), 0, 255);
            face[i + 2] = (byte)Math.Clamp(face[i + 2] + random.Next(-40, 41), 0, 255);
        }
        var speckled = FakeTells.For(FaceCues.Measure(new RgbImage(32, 32, face)), Reals(), max: 6);
        Assert.Contains(speckled, t => t.Cue == nameof(FaceCues.ColourNoise));

        var lopsided = Cartoon(3).ToArray();
        for (var y = 8; y < 24; y++)
            for (var x = 4; x < 14; x++)
                lopsided[(y * 32 + x) * 3 + 1] = 20; // a dark green patch on the left only
        var tells = FakeTells.For(FaceCues.Measure(new RgbImage(32, 32, lopsided)), Reals(), max: 6);
        Assert.Contains(tells, t => t.Cue == nameof(FaceCues.Asymmetry) && t.Note.StartsWith("Lopsided", StringComparison.Ordinal));
    }

    [Fact]
    public void Notes_fall_back_to_the_generic_tells_only_when_nothing_was_measured()
    {
        var image = Cartoon(1);
        var cues = FaceCues.Measure(image);
        var plain = new FacePair(1, image, image, true, "a.png", 0, null, cues, cues, []);
        Assert.Equal([FakeTells.NothingMeasured], plain.Notes);
        var tell = new FakeTell("Detail", "Blurry: ...", 1, 2, 0.1, 10);
        Assert.Equal(["Blurry: ..."], (plain with { Tells = [tell] }).Notes);
    }
}
