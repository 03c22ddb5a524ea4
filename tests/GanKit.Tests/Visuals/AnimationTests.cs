using System.Buffers.Binary;
using GanKit.Imaging;

namespace GanKit.Tests.Visuals;

public class AnimationTests
{
    private static List<RgbImage> Frames(int count) =>
        Enumerable.Range(0, count).Select(i => RgbImage.Solid(6, 4, (byte)(i * 30), 0, 0)).ToList();

    [Fact]
    public void Apng_has_control_chunks_in_sequence_and_first_frame_as_default_image()
    {
        var png = new Animation(Frames(3), fps: 5, loops: 2).ToApng();
        var chunks = IndependentPng.ReadChunks(png);
        Assert.All(chunks, c => Assert.Equal(c.ComputedCrc, c.StoredCrc));
        Assert.Equal(["IHDR", "acTL", "fcTL", "IDAT", "fcTL", "fdAT", "fcTL", "fdAT", "IEND"], chunks.Select(c => c.Type));

        var actl = chunks[1].Data;
        Assert.Equal(3, BinaryPrimitives.ReadInt32BigEndian(actl));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(actl.AsSpan(4)));

        // fcTL and fdAT share one sequence: 0, 1, 2, 3, 4.
        var sequence = chunks.Where(c => c.Type is "fcTL" or "fdAT").Select(c => BinaryPrimitives.ReadInt32BigEndian(c.Data)).ToList();
        Assert.Equal([0, 1, 2, 3, 4], sequence);

        var fctl = chunks[2].Data;
        Assert.Equal(6, BinaryPrimitives.ReadInt32BigEndian(fctl.AsSpan(4)));
        Assert.Equal(4, BinaryPrimitives.ReadInt32BigEndian(fctl.AsSpan(8)));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16BigEndian(fctl.AsSpan(20)));  // delay 1/5 s
        Assert.Equal(5, BinaryPrimitives.ReadUInt16BigEndian(fctl.AsSpan(22)));

        // Each fdAT holds a complete zlib stream of the frame's scanlines.
        var third = IndependentPng.InflateZlib(chunks[7].Data[4..]);
        Assert.Equal(4 * (6 * 3 + 1), third.Length);
        // ... which unfilters to the frame: swap it in as the IDAT of a still PNG and read that independently.
        var still = IndependentPng.ReadChunks(Frames(3)[2].ToPng());
        var rebuilt = new Animation([Frames(3)[2]]).ToApng();
        Assert.Equal(IndependentPng.DecodeRgb8(rebuilt).Rgb, Frames(3)[2].Pixels.ToArray());
        Assert.Equal(still.Where(c => c.Type == "IDAT").SelectMany(c => c.Data), chunks[7].Data[4..]);

        // A plain PNG reader sees the first frame: SkiaSharp, and the independent reading.
        Assert.Equal(Frames(1)[0].Pixels.ToArray(), RgbImage.FromBytes(png, "animation.png").Pixels.ToArray());
        Assert.Equal(Frames(1)[0].Pixels.ToArray(), IndependentPng.DecodeRgb8(png).Rgb);
    }

    [Fact]
    public void Fractional_rate_is_stored_in_milliseconds()
    {
        var fctl = IndependentPng.ReadChunks(new Animation(Frames(2), fps: 7.5).ToApng()).First(c => c.Type == "fcTL").Data;
        Assert.Equal(133, BinaryPrimitives.ReadUInt16BigEndian(fctl.AsSpan(20)));
        Assert.Equal(1000, BinaryPrimitives.ReadUInt16BigEndian(fctl.AsSpan(22)));
    }

    [Fact]
    public void Ping_pong_and_validation()
    {
        Assert.Equal(6, new Animation(Frames(4)).PingPong().Frames.Count); // 0 1 2 3 2 1
        Assert.Throws<ArgumentException>(() => new Animation([]));
        Assert.Throws<ArgumentException>(() => new Animation([RgbImage.Solid(2, 2, 0, 0, 0), RgbImage.Solid(3, 2, 0, 0, 0)]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Animation(Frames(2), fps: 0));
    }

    [Fact]
    public void Saves_atomically_and_shows_as_img()
    {
        var folder = Directory.CreateTempSubdirectory("gankit-apng-");
        try
        {
            var animation = new Animation(Frames(2)) { Caption = "two frames" };
            var path = Path.Combine(folder.FullName, "a.apng");
            animation.Save(path);
            Assert.Equal(animation.ToApng(), File.ReadAllBytes(path));
            var html = animation.ToHtml();
            Assert.Contains("<img src=\"data:image/png;base64,", html);
            Assert.Contains("two frames", html);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
