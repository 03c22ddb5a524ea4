using System.Buffers.Binary;
using GanKit.Visuals;

namespace GanKit.Imaging;

/// <summary>
/// A sequence of equally sized frames played at a fixed rate, written as an animated PNG (APNG): every
/// current browser, VS Code's notebook view and GitHub play it, and viewers that predate APNG show the
/// first frame.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource<Animation>), PreferredMimeTypes = new[] { "text/html" })]
public sealed class Animation : IHtmlVisual
{
    /// <summary>Creates an animation.</summary>
    /// <param name="frames">At least one frame, all the same size.</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="loops">How many times to play; 0 repeats forever.</param>
    public Animation(IEnumerable<RgbImage> frames, double fps = 10, int loops = 0)
    {
        Frames = frames.ToList();
        if (Frames.Count == 0)
        {
            throw new ArgumentException("An animation needs at least one frame.", nameof(frames));
        }
        if (Frames.Any(f => f.Width != Frames[0].Width || f.Height != Frames[0].Height))
        {
            throw new ArgumentException($"All frames must be {Frames[0].Width}x{Frames[0].Height}.", nameof(frames));
        }
        if (!(fps > 0) || double.IsInfinity(fps))
        {
            throw new ArgumentOutOfRangeException(nameof(fps), fps, "Frames per second must be positive.");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(loops);
        Fps = fps;
        Loops = loops;
    }

    /// <summary>The frames, in playing order.</summary>
    public IReadOnlyList<RgbImage> Frames { get; }

    /// <summary>Frames per second.</summary>
    public double Fps { get; }

    /// <summary>Number of times the animation plays; 0 means forever.</summary>
    public int Loops { get; }

    /// <summary>Frame width in pixels.</summary>
    public int Width => Frames[0].Width;

    /// <summary>Frame height in pixels.</summary>
    public int Height => Frames[0].Height;

    /// <summary>Text shown under the animation when displayed, or null.</summary>
    public string? Caption { get; init; }

    /// <summary>Screen pixels per pixel when displayed; null: small animations are scaled up.</summary>
    public double? DisplayScale { get; init; }

    /// <summary>Forward then backward (without repeating the end frames), so a loop has no jump.</summary>
    public Animation PingPong()
    {
        var frames = Frames.Concat(Frames.Reverse().Skip(1).SkipLast(1));
        return new Animation(frames, Fps, Loops) { Caption = Caption, DisplayScale = DisplayScale };
    }

    /// <summary>The animation as APNG file bytes (full frames, no inter-frame optimisation).</summary>
    public byte[] ToApng()
    {
        var (delayNumerator, delayDenominator) = FrameDelay(Fps);
        using var output = new MemoryStream();
        output.Write(PngChunks.Signature);
        PngChunks.Write(output, "IHDR", PngChunks.Header(Width, Height, 3));
        var actl = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(actl, Frames.Count);
        BinaryPrimitives.WriteInt32BigEndian(actl.AsSpan(4), Loops);
        PngChunks.Write(output, "acTL", actl);

        // fcTL and fdAT chunks share one sequence counter; the first frame's data is the ordinary IDAT,
        // which is what non-animating viewers show.
        var sequence = 0;
        for (var i = 0; i < Frames.Count; i++)
        {
            PngChunks.Write(output, "fcTL", FrameControl(sequence++, delayNumerator, delayDenominator));
            var data = PngEncoder.CompressImageData(Width, Height, Frames[i].Pixels, 3);
            if (i == 0)
            {
                PngChunks.Write(output, "IDAT", data);
                continue;
            }
            var fdat = new byte[data.Length + 4];
            BinaryPrimitives.WriteInt32BigEndian(fdat, sequence++);
            data.CopyTo(fdat, 4);
            PngChunks.Write(output, "fdAT", fdat);
        }
        PngChunks.Write(output, "IEND", ReadOnlySpan<byte>.Empty);
        return output.ToArray();
    }

    /// <summary>Writes the APNG file atomically; the name must end in .png or .apng.</summary>
    public void Save(string path)
    {
        if (!path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) && !path.EndsWith(".apng", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"Animations are saved as APNG; '{path}' does not end in .png or .apng.", nameof(path));
        }
        AtomicFile.WriteAllBytes(path, ToApng());
    }

    /// <summary>The animation as a <c>data:image/png;base64,...</c> URI (APNG travels as image/png).</summary>
    public string ToDataUri() => "data:image/png;base64," + Convert.ToBase64String(ToApng());

    /// <inheritdoc />
    public string ToHtml() => ImageHtml.Figure(ToDataUri(), Width, Height, DisplayScale, Caption, "gankit-animation");

    /// <summary>A one-line description, for plain-text displays.</summary>
    public override string ToString() =>
        $"Animation {Frames.Count} frames {Width}x{Height} at {Fps:0.##} fps" + (Caption is null ? "" : $" \"{Caption}\"");

    private byte[] FrameControl(int sequence, ushort delayNumerator, ushort delayDenominator)
    {
        var fctl = new byte[26];
        BinaryPrimitives.WriteInt32BigEndian(fctl, sequence);
        BinaryPrimitives.WriteInt32BigEndian(fctl.AsSpan(4), Width);
        BinaryPrimitives.WriteInt32BigEndian(fctl.AsSpan(8), Height);
        // x and y offsets stay 0: every frame covers the whole canvas.
        BinaryPrimitives.WriteUInt16BigEndian(fctl.AsSpan(20), delayNumerator);
        BinaryPrimitives.WriteUInt16BigEndian(fctl.AsSpan(22), delayDenominator);
        fctl[24] = 0; // dispose: none
        fctl[25] = 0; // blend: source (replace)
        return fctl;
    }

    /// <summary>Frame delay as the fraction APNG stores: exact 1/fps for whole rates, else milliseconds.</summary>
    private static (ushort Numerator, ushort Denominator) FrameDelay(double fps)
    {
        if (fps == Math.Floor(fps) && fps <= ushort.MaxValue)
        {
            return (1, (ushort)fps);
        }
        var milliseconds = Math.Clamp(Math.Round(1000 / fps), 1, ushort.MaxValue);
        return ((ushort)milliseconds, 1000);
    }
}
