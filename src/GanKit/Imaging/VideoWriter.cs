using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GanKit.Imaging;

/// <summary>
/// Streams frames into an H.264 video through an <c>ffmpeg</c> process: each frame's RGB bytes go straight to ffmpeg's
/// standard input (<c>-f rawvideo -pix_fmt rgb24</c>), which encodes them as yuv420p (the pixel format every player
/// takes) with the index at the front of the file (<c>+faststart</c>) so browsers play it while it downloads.
/// ffmpeg writes a temporary file beside the target that <see cref="Complete"/> renames into place, so a reader
/// never sees half a video; disposing without completing deletes it.
/// </summary>
public sealed class VideoWriter : IDisposable
{
    private const int StderrKept = 4000;
    private readonly Process _process;
    private readonly string _temp;
    private readonly StringBuilder _stderr = new();
    private bool _completed;
    private bool _disposed;

    /// <summary>Starts ffmpeg for a video of <paramref name="width"/> × <paramref name="height"/> frames at <paramref name="fps"/>.</summary>
    /// <param name="path">Output file, ending in .mp4, .m4v or .mov.</param>
    /// <param name="width">Frame width (even: yuv420p stores colour per 2×2 pixels).</param>
    /// <param name="height">Frame height (even).</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="ffmpeg">The ffmpeg executable; null: <see cref="FfmpegVideo.Require"/>.</param>
    public VideoWriter(string path, int width, int height, double fps, string? ffmpeg = null)
    {
        CheckArguments(path, fps);
        if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0)
        {
            throw new ArgumentException($"H.264 video (yuv420p) needs an even width and height, got {width}x{height}; " +
                                        "write an animated PNG (.png) instead", nameof(width));
        }
        var executable = ffmpeg ?? FfmpegVideo.Require();
        Path = System.IO.Path.GetFullPath(path);
        Width = width;
        Height = height;
        Fps = fps;
        var folder = System.IO.Path.GetDirectoryName(Path) ?? ".";
        Directory.CreateDirectory(folder);
        // The temporary name keeps the extension, from which ffmpeg picks the container.
        var name = System.IO.Path.GetFileName(Path);
        _temp = System.IO.Path.Combine(folder, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp{System.IO.Path.GetExtension(Path)}");

        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "-hide_banner", "-loglevel", "error", "-y",
                     "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}",
                     "-r", fps.ToString("R", CultureInfo.InvariantCulture), "-i", "-",
                     "-an", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", _temp,
                 })
        {
            start.ArgumentList.Add(argument);
        }
        _process = Process.Start(start) ?? throw new IOException($"could not start {executable}");
        // Both output pipes are drained so ffmpeg never blocks on them; the end of stderr explains a failure.
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (_stderr)
            {
                _stderr.AppendLine(e.Data);
                if (_stderr.Length > StderrKept) _stderr.Remove(0, _stderr.Length - StderrKept);
            }
        };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    /// <summary>The video file (full path) that <see cref="Complete"/> writes.</summary>
    public string Path { get; }

    /// <summary>Frame width in pixels.</summary>
    public int Width { get; }

    /// <summary>Frame height in pixels.</summary>
    public int Height { get; }

    /// <summary>Frames per second.</summary>
    public double Fps { get; }

    /// <summary>Frames written so far.</summary>
    public int FrameCount { get; private set; }

    /// <summary>Sends one frame to ffmpeg; it must be <see cref="Width"/> × <see cref="Height"/>.</summary>
    public void WriteFrame(RgbImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame.Width != Width || frame.Height != Height)
        {
            throw new ArgumentException($"frame {FrameCount} is {frame.Width}x{frame.Height}, the video is {Width}x{Height}", nameof(frame));
        }
        WriteFrame(frame.Pixels);
    }

    /// <summary>Sends one frame of raw RGB bytes (<see cref="Width"/> × <see cref="Height"/> × 3, row-major) to ffmpeg.</summary>
    public void WriteFrame(ReadOnlySpan<byte> rgb)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) throw new InvalidOperationException($"the video {Path} is complete; no more frames can be added");
        if (rgb.Length != (long)Width * Height * 3)
        {
            throw new ArgumentException($"frame {FrameCount} has {rgb.Length} bytes, a {Width}x{Height} RGB frame has {(long)Width * Height * 3}", nameof(rgb));
        }
        try
        {
            _process.StandardInput.BaseStream.Write(rgb);
        }
        catch (IOException)
        {
            // ffmpeg closed its input: it failed, and says why on stderr.
            _process.WaitForExit();
            throw Failure();
        }
        FrameCount++;
    }

    /// <summary>
    /// Sends a batch of generator images [N, 3, H, W] in [-1, 1] (on any device) as N frames, converted by GanKit's
    /// image contract (<see cref="TensorImageConversion"/>). The bytes go from the tensor's memory straight into the
    /// pipe, with no .NET array per frame: a long high-resolution video then allocates almost nothing on the .NET heap,
    /// which keeps garbage collections (and their pauses) rare.
    /// </summary>
    public void WriteFrames(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var s = images.shape;
        if (s.Length != 4 || s[1] != 3 || s[2] != Height || s[3] != Width)
        {
            throw new ArgumentException($"images must have shape [N, 3, {Height}, {Width}], got [{string.Join(", ", s)}]", nameof(images));
        }
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        // The contract's conversion (as TensorImageConversion.ToImages), computed on the images' device.
        var bytes = (images.detach().to(ScalarType.Float32) * 127.5 + 128).floor_().clamp_(0, 255).to(ScalarType.Byte)
            .permute(0, 2, 3, 1).contiguous().cpu();
        var all = bytes.bytes;
        var size = Width * Height * 3;
        for (var i = 0; i < s[0]; i++) WriteFrame(all.Slice(i * size, size));
    }

    /// <summary>Ends the video: lets ffmpeg finish encoding, checks that it succeeded and moves the file into place.</summary>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_completed) return;
        if (FrameCount == 0) throw new InvalidOperationException($"no frames were written to {Path}; a video needs at least one");
        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // Already closed by a failing ffmpeg; its exit code tells.
        }
        _process.WaitForExit();
        if (_process.ExitCode != 0 || !File.Exists(_temp)) throw Failure();
        File.Move(_temp, Path, overwrite: true);
        _completed = true;
    }

    /// <summary>Stops ffmpeg if still running and, unless <see cref="Complete"/> succeeded, deletes the partial file.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        if (!_completed)
        {
            try { File.Delete(_temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Checks the output name and rate before any work.</summary>
    internal static void CheckArguments(string path, double fps)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!FfmpegVideo.IsVideoPath(path))
        {
            throw new ArgumentException($"'{path}' does not end in {string.Join(", ", FfmpegVideo.Extensions)}; videos are H.264 in MP4", nameof(path));
        }
        if (!(fps > 0) || double.IsInfinity(fps)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "--fps must be a positive number");
    }

    private IOException Failure()
    {
        string text;
        lock (_stderr) text = _stderr.ToString();
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var reason = lines.Length == 0 ? "no message" : string.Join(" | ", lines.TakeLast(3));
        var code = _process.HasExited ? _process.ExitCode.ToString(CultureInfo.InvariantCulture) : "?";
        return new IOException($"ffmpeg failed writing {Path} (exit code {code}): {reason}");
    }
}
