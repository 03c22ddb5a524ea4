namespace GanKit.Imaging;

/// <summary>
/// MP4 video through the <c>ffmpeg</c> program (Debian's <c>ffmpeg</c> package, which <c>environment/setup</c>
/// installs): frames are streamed to it one at a time as raw RGB, so a video of any length needs memory for one
/// frame on GanKit's side. GanKit links no video codec itself; where ffmpeg is missing, MP4 output fails with one
/// clear message (<see cref="Require"/>) and animated PNG (<see cref="Animation"/>) remains available.
/// </summary>
public static class FfmpegVideo
{
    /// <summary>The file extensions written as video (H.264 in an MP4/QuickTime container).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".mp4", ".m4v", ".mov"];

    /// <summary>Whether <paramref name="path"/> names a video file GanKit writes with ffmpeg (by its extension).</summary>
    public static bool IsVideoPath(string path) =>
        Extensions.Contains(System.IO.Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>The full path of the <c>ffmpeg</c> executable on <c>PATH</c>, or null when there is none.</summary>
    public static string? Find()
    {
        var name = OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";
        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var folder in folders)
        {
            var candidate = System.IO.Path.Combine(folder, name);
            if (File.Exists(candidate) && IsExecutable(candidate)) return System.IO.Path.GetFullPath(candidate);
        }
        return null;
    }

    /// <summary>
    /// The path of <c>ffmpeg</c>; where it is not on <c>PATH</c>, a <see cref="FileNotFoundException"/> whose one-line
    /// message says how to install it and how to do without. Call it before expensive work that ends in a video.
    /// </summary>
    public static string Require() => Find() ?? throw new FileNotFoundException(
        "ffmpeg was not found on PATH, and MP4 output needs it: on Debian or Ubuntu run environment/setup " +
        "(or sudo apt-get install ffmpeg), elsewhere install ffmpeg from https://ffmpeg.org; " +
        "or write an animated PNG instead (--out name.png)", "ffmpeg");

    /// <summary>
    /// Writes <paramref name="frames"/> as an H.264 video at <paramref name="fps"/>, atomically, consuming them one at a
    /// time (the first frame fixes the size). Checks for ffmpeg before taking the first frame. Returns the frame count.
    /// </summary>
    /// <param name="path">Output file, ending in .mp4, .m4v or .mov.</param>
    /// <param name="frames">At least one frame, all the same size (even width and height).</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="progress">Called with the number of frames written so far, after each frame.</param>
    public static int Write(string path, IEnumerable<RgbImage> frames, double fps, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        VideoWriter.CheckArguments(path, fps);
        var ffmpeg = Require();
        VideoWriter? writer = null;
        try
        {
            foreach (var frame in frames)
            {
                writer ??= new VideoWriter(path, frame.Width, frame.Height, fps, ffmpeg);
                writer.WriteFrame(frame);
                progress?.Invoke(writer.FrameCount);
            }
            if (writer is null) throw new ArgumentException("a video needs at least one frame", nameof(frames));
            writer.Complete();
            return writer.FrameCount;
        }
        finally
        {
            writer?.Dispose();
        }
    }

    private static bool IsExecutable(string file)
    {
        if (OperatingSystem.IsWindows()) return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(file) & anyExecute) != 0;
    }
}
