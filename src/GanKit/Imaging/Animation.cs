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

    /// <summary>
    /// The animation as APNG file bytes (full frames, no inter-frame optimisation). SkiaSharp encodes each
    /// frame as a PNG; its compressed image data becomes the frame's IDAT (first frame, which viewers without
    /// APNG show) or fdAT chunk, framed by the animation's acTL and fcTL chunks.
    /// </summary>
    public byte[] ToApng()
    {
        var (delayNumerator, delayDenominator) = FrameDelay(Fps);
        using var output = new MemoryStream();
        output.Write(PngChunks.Signature);
        var actl = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(actl, Frames.Count);
        BinaryPrimitives.WriteInt32BigEndian(actl.AsSpan(4), Loops);

        // fcTL and fdAT chunks share one sequence counter.
        var sequence = 0;
        for (var i = 0; i < Frames.Count; i++)
        {
            var (header, data) = EncodeFrame(Frames[i], i);
            if (i == 0)
            {
                PngChunks.Write(output, "IHDR", header);
                PngChunks.Write(output, "acTL", actl);
            }
            PngChunks.Write(output, "fcTL", FrameControl(sequence++, delayNumerator, delayDenominator));
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

    /// <summary>
    /// A frame's IHDR body and its zlib stream: the PNG's IDAT chunks joined (a PNG may split the stream
    /// over several; APNG allows one fdAT or several, and one is simplest). Ancillary chunks (SkiaSharp's sBIT
    /// saying all 8 bits count, which is the default anyway) are left out.
    /// </summary>
    private static (byte[] Header, byte[] Data) EncodeFrame(RgbImage frame, int index)
    {
        var chunks = PngChunks.Read(frame.ToPng(), $"frame {index} as encoded by SkiaSharp");
        var header = chunks.Single(c => c.Type == "IHDR").Data.ToArray();
        using var data = new MemoryStream();
        foreach (var idat in chunks.Where(c => c.Type == "IDAT"))
        {
            data.Write(idat.Data.Span);
        }
        return (header, data.ToArray());
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
