using System.Buffers.Binary;

namespace GanKit.Imaging;

/// <summary>
/// Writes an animated PNG frame by frame, straight to a file: each frame is encoded (SkiaSharp) and appended as it
/// arrives, so an animation of any length needs memory for one frame. The file is built beside the target and
/// <see cref="Complete"/> writes the frame count into the animation header (acTL, which precedes the frames and is
/// therefore patched in place) and renames it into place, so a reader never sees half an animation; disposing without
/// completing deletes it. The chunks are the ones <see cref="Animation.ToApng"/> writes.
/// </summary>
public sealed class ApngWriter : IDisposable
{
    // Signature (8) + IHDR chunk (4 + 4 + 13 + 4): the acTL chunk starts here.
    private const long ActlOffset = 8 + 25;
    private readonly FileStream _stream;
    private readonly string _temp;
    private readonly (ushort Numerator, ushort Denominator) _delay;
    private byte[]? _header;
    private int _sequence;
    private bool _completed;
    private bool _disposed;

    /// <summary>Starts an animation at <paramref name="fps"/> in <paramref name="path"/>; the first frame fixes the size.</summary>
    /// <param name="path">Output file, ending in .png or .apng.</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="loops">How many times to play; 0 repeats forever.</param>
    public ApngWriter(string path, double fps, int loops = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!IsApngPath(path))
        {
            throw new ArgumentException($"'{path}' does not end in .png or .apng; animated PNGs are written there", nameof(path));
        }
        if (!(fps > 0) || double.IsInfinity(fps)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "--fps must be a positive number");
        ArgumentOutOfRangeException.ThrowIfNegative(loops);
        Path = System.IO.Path.GetFullPath(path);
        Fps = fps;
        Loops = loops;
        _delay = FrameDelay(fps);
        var folder = System.IO.Path.GetDirectoryName(Path) ?? ".";
        Directory.CreateDirectory(folder);
        _temp = System.IO.Path.Combine(folder, $".{System.IO.Path.GetFileName(Path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        _stream = new FileStream(_temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
    }

    /// <summary>Whether <paramref name="path"/> ends in .png or .apng.</summary>
    public static bool IsApngPath(string path) =>
        path.EndsWith(".png", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".apng", StringComparison.OrdinalIgnoreCase);

    /// <summary>The file (full path) that <see cref="Complete"/> writes.</summary>
    public string Path { get; }

    /// <summary>Frames per second.</summary>
    public double Fps { get; }

    /// <summary>Number of times the animation plays; 0 means forever.</summary>
    public int Loops { get; }

    /// <summary>Frame width in pixels (0 before the first frame).</summary>
    public int Width { get; private set; }

    /// <summary>Frame height in pixels (0 before the first frame).</summary>
    public int Height { get; private set; }

    /// <summary>Frames written so far.</summary>
    public int FrameCount { get; private set; }

    /// <summary>Encodes and appends one frame; every frame must have the first one's size.</summary>
    public void WriteFrame(RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException($"the animation {Path} is complete; no more frames can be added");
        if (FrameCount > 0 && (frame.Width != Width || frame.Height != Height))
        {
            throw new ArgumentException($"frame {FrameCount} is {frame.Width}x{frame.Height}, the animation is {Width}x{Height}", nameof(frame));
        }
        var chunks = PngChunks.Read(frame.ToPng(), $"frame {FrameCount} as encoded by SkiaSharp");
        var header = chunks.Single(c => c.Type == "IHDR").Data.ToArray();
        // The frames' zlib stream, from the PNG's IDAT chunks joined (ancillary chunks are left out, as in Animation).
        var data = new byte[4 + chunks.Where(c => c.Type == "IDAT").Sum(c => c.Data.Length)];
        var at = 4;
        foreach (var idat in chunks.Where(c => c.Type == "IDAT"))
        {
            idat.Data.Span.CopyTo(data.AsSpan(at));
            at += idat.Data.Length;
        }

        if (_header is null)
        {
            _header = header;
            Width = frame.Width;
            Height = frame.Height;
            _stream.Write(PngChunks.Signature);
            PngChunks.Write(_stream, "IHDR", header);
            PngChunks.Write(_stream, "acTL", AnimationControl(0)); // the frame count is written by Complete
        }
        else if (!header.AsSpan().SequenceEqual(_header))
        {
            // All frames share the file's IHDR (bit depth, colour type); SkiaSharp encodes opaque RGB the same way each time.
            throw new InvalidOperationException($"frame {FrameCount} was encoded with a different PNG header than frame 0");
        }
        PngChunks.Write(_stream, "fcTL", FrameControl(_sequence++));
        if (FrameCount == 0)
        {
            // The first frame is the default image that viewers without APNG support show.
            PngChunks.Write(_stream, "IDAT", data.AsSpan(4));
        }
        else
        {
            BinaryPrimitives.WriteInt32BigEndian(data, _sequence++);
            PngChunks.Write(_stream, "fdAT", data);
        }
        FrameCount++;
    }

    /// <summary>Ends the animation: writes the frame count and the end chunk, and moves the file into place.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) return;
        if (FrameCount == 0) throw new InvalidOperationException($"no frames were written to {Path}; an animation needs at least one");
        PngChunks.Write(_stream, "IEND", ReadOnlySpan<byte>.Empty);
        _stream.Position = ActlOffset;
        PngChunks.Write(_stream, "acTL", AnimationControl(FrameCount));
        _stream.Flush(flushToDisk: true);
        _stream.Dispose();
        File.Move(_temp, Path, overwrite: true);
        _completed = true;
    }

    /// <summary>Closes the file and, unless <see cref="Complete"/> succeeded, deletes the partial one.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stream.Dispose();
        if (!_completed)
        {
            try { File.Delete(_temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>
    /// Writes <paramref name="frames"/> as an animated PNG at <paramref name="fps"/>, atomically, consuming them one at
    /// a time. Returns the frame count.
    /// </summary>
    /// <param name="path">Output file, ending in .png or .apng.</param>
    /// <param name="frames">At least one frame, all the same size.</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="progress">Called with the number of frames written so far, after each frame.</param>
    public static int Write(string path, IEnumerable<RgbImage> frames, double fps, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        using var writer = new ApngWriter(path, fps);
        foreach (var frame in frames)
        {
            writer.WriteFrame(frame);
            progress?.Invoke(writer.FrameCount);
        }
        if (writer.FrameCount == 0) throw new ArgumentException("an animation needs at least one frame", nameof(frames));
        writer.Complete();
        return writer.FrameCount;
    }

    private byte[] AnimationControl(int frames)
    {
        var actl = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(actl, frames);
        BinaryPrimitives.WriteInt32BigEndian(actl.AsSpan(4), Loops);
        return actl;
    }

    private byte[] FrameControl(int sequence)
    {
        var fctl = new byte[26];
        BinaryPrimitives.WriteInt32BigEndian(fctl, sequence);
        BinaryPrimitives.WriteInt32BigEndian(fctl.AsSpan(4), Width);
        BinaryPrimitives.WriteInt32BigEndian(fctl.AsSpan(8), Height);
        // x and y offsets stay 0: every frame covers the whole canvas; dispose none, blend source.
        BinaryPrimitives.WriteUInt16BigEndian(fctl.AsSpan(20), _delay.Numerator);
        BinaryPrimitives.WriteUInt16BigEndian(fctl.AsSpan(22), _delay.Denominator);
        return fctl;
    }

    /// <summary>Frame delay as the fraction APNG stores: exact 1/fps for whole rates, else milliseconds (as Animation).</summary>
    private static (ushort Numerator, ushort Denominator) FrameDelay(double fps)
    {
        if (fps == Math.Floor(fps) && fps <= ushort.MaxValue) return (1, (ushort)fps);
        var milliseconds = Math.Clamp(Math.Round(1000 / fps), 1, ushort.MaxValue);
        return ((ushort)milliseconds, 1000);
    }
}
