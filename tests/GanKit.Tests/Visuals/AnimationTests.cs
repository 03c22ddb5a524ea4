using System.Buffers.Binary;
using GanKit.Imaging;

namespace GanKit.Tests.Visuals;

public class AnimationTests
{
    /// <summary>6x4 frames, each a different gradient, so a frame read back in the wrong order or place shows.</summary>
    private static List<RgbImage> Frames(int count) =>
        Enumerable.Range(0, count)
            .Select(i => new RgbImage(6, 4, Enumerable.Range(0, 6 * 4 * 3).Select(k => (byte)(i * 30 + k / 3 % 6 * 7 + k / 18 * 11 + k % 3 * 50)).ToArray()))
            .ToList();

    [Fact]
    public void Apng_has_control_chunks_in_sequence_and_first_frame_as_default_image()
    {
        var frames = Frames(3);
        var png = new Animation(frames, fps: 5, loops: 2).ToApng();
        var chunks = PngFiles.ReadChunks(png);
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

        // The IDAT and each fdAT (after its sequence number) hold a complete zlib stream of the frame's scanlines ...
        var ihdr = chunks[0].Data;
        byte[][] frameData = [chunks[3].Data, chunks[5].Data[4..], chunks[7].Data[4..]];
        for (var i = 0; i < frames.Count; i++)
        {
            Assert.Equal(4 * (6 * 3 + 1), PngFiles.InflateZlib(frameData[i]).Length);
            // ... which decodes to the frame: a still PNG of the animation's IHDR and that data, read by SkiaSharp.
            var still = PngFiles.Assemble(("IHDR", ihdr), ("IDAT", frameData[i]), ("IEND", []));
            Assert.Equal(frames[i].Pixels.ToArray(), PngFiles.DecodeWithSkia(still).Rgb);
        }
        // The frame data is what SkiaSharp wrote for the frame as a still PNG.
        Assert.Equal(PngFiles.ReadChunks(frames[2].ToPng()).Where(c => c.Type == "IDAT").SelectMany(c => c.Data), frameData[2]);

        // A plain PNG reader sees the first frame: GanKit's reading, and SkiaSharp's own.
        Assert.Equal(frames[0].Pixels.ToArray(), RgbImage.FromBytes(png, "animation.png").Pixels.ToArray());
        Assert.Equal(frames[0].Pixels.ToArray(), PngFiles.DecodeWithSkia(png).Rgb);
    }

    [Fact]
    public void Fractional_rate_is_stored_in_milliseconds()
    {
        var fctl = PngFiles.ReadChunks(new Animation(Frames(2), fps: 7.5).ToApng()).First(c => c.Type == "fcTL").Data;
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
