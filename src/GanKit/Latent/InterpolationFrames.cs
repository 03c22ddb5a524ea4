using GanKit.Imaging;
using GanKit.Networks;
using GanKit.Networks.Layers;

namespace GanKit.Latent;

/// <summary>
/// Renders an <see cref="InterpolationPath"/> as images, lazily: each batch of frames is synthesised only when the
/// consumer asks for its first frame, so a video writer that streams frames holds one batch at a time, however long the
/// video is.
/// </summary>
public static class InterpolationFrames
{
    /// <summary>
    /// The path's frames in order, synthesised <paramref name="batchSize"/> at a time (null:
    /// <see cref="GeneratorSampling.DefaultBatchSize"/>). The sequence is lazy and can be enumerated again.
    /// </summary>
    public static IEnumerable<RgbImage> Render(this InterpolationPath path, Generator G, NoiseMode noiseMode = NoiseMode.Const,
        int? batchSize = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(G);
        var size = batchSize ?? G.DefaultBatchSize();
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), size, "--batch must be at least 1");
        return Frames(path, G, noiseMode, size);
    }

    /// <summary>
    /// The whole path as an animation to show inline in a notebook (it displays as an animated PNG). Every frame is held
    /// in memory (3 bytes a pixel): for long or large videos write a file with <see cref="Save"/>, which streams.
    /// </summary>
    public static Animation ToAnimation(this InterpolationPath path, Generator G, double fps = 30, NoiseMode noiseMode = NoiseMode.Const,
        int? batchSize = null) =>
        new(path.Render(G, noiseMode, batchSize), fps) { Caption = path.ToString() };

    /// <summary>
    /// Writes the path as an H.264 video (see <see cref="VideoWriter"/>), atomically, synthesising
    /// <paramref name="batchSize"/> frames at a time and passing their bytes straight from the images tensor to ffmpeg:
    /// memory stays at one batch however long the video. ffmpeg is checked for before anything is synthesised.
    /// Returns the frame count.
    /// </summary>
    /// <param name="path">The path.</param>
    /// <param name="G">The generator.</param>
    /// <param name="file">Output file, ending in .mp4, .m4v or .mov.</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="noiseMode">Noise for the synthesis layers.</param>
    /// <param name="batchSize">Frames per synthesis pass; null: <see cref="GeneratorSampling.DefaultBatchSize"/>.</param>
    /// <param name="progress">Called with the number of frames written so far, after each batch.</param>
    public static int WriteVideo(this InterpolationPath path, Generator G, string file, double fps, NoiseMode noiseMode = NoiseMode.Const,
        int? batchSize = null, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(G);
        var size = batchSize ?? G.DefaultBatchSize();
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), size, "--batch must be at least 1");
        var ffmpeg = FfmpegVideo.Require();
        var resolution = G.synthesis.ImgResolution;
        using var writer = new VideoWriter(file, resolution, resolution, fps, ffmpeg);
        var total = path.FrameCount;
        for (var start = 0; start < total; start += size)
        {
            var count = Math.Min(size, total - start);
            using (var scope = torch.NewDisposeScope())
            using (torch.no_grad())
            {
                writer.WriteFrames(G.synthesis.forward(path.Ws(G, start, count), noiseMode));
            }
            progress?.Invoke(writer.FrameCount);
        }
        writer.Complete();
        return writer.FrameCount;
    }

    /// <summary>
    /// Writes the path to <paramref name="file"/> by its extension, streaming frame by frame: <c>.mp4</c>, <c>.m4v</c> or
    /// <c>.mov</c> as H.264 through ffmpeg (<see cref="WriteVideo"/>), <c>.png</c> or <c>.apng</c> as an animated PNG
    /// (<see cref="WriteApng"/>, no ffmpeg needed). Returns the frame count.
    /// </summary>
    /// <param name="path">The path.</param>
    /// <param name="G">The generator.</param>
    /// <param name="file">Output file: .mp4, .m4v, .mov, .png or .apng.</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="noiseMode">Noise for the synthesis layers.</param>
    /// <param name="batchSize">Frames per synthesis pass; null: <see cref="GeneratorSampling.DefaultBatchSize"/>.</param>
    /// <param name="progress">Called with the number of frames written so far.</param>
    public static int Save(this InterpolationPath path, Generator G, string file, double fps = 30, NoiseMode noiseMode = NoiseMode.Const,
        int? batchSize = null, Action<int>? progress = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(file);
        if (FfmpegVideo.IsVideoPath(file)) return path.WriteVideo(G, file, fps, noiseMode, batchSize, progress);
        if (ApngWriter.IsApngPath(file)) return path.WriteApng(G, file, fps, noiseMode, batchSize, progress);
        throw new ArgumentException(UnknownExtension(file), nameof(file));
    }

    /// <summary>The one-line error for an output name that is neither a video nor an animated PNG.</summary>
    public static string UnknownExtension(string file) =>
        $"--out '{file}' must end in .mp4 (H.264 video via ffmpeg; also .m4v, .mov) or .png (animated PNG; also .apng)";

    /// <summary>
    /// Writes the path as an animated PNG (see <see cref="ApngWriter"/>), atomically, synthesising
    /// <paramref name="batchSize"/> frames at a time and encoding each into the file as it comes: memory stays at one
    /// batch however long the animation. Returns the frame count.
    /// </summary>
    /// <param name="path">The path.</param>
    /// <param name="G">The generator.</param>
    /// <param name="file">Output file, ending in .png or .apng.</param>
    /// <param name="fps">Frames per second.</param>
    /// <param name="noiseMode">Noise for the synthesis layers.</param>
    /// <param name="batchSize">Frames per synthesis pass; null: <see cref="GeneratorSampling.DefaultBatchSize"/>.</param>
    /// <param name="progress">Called with the number of frames written so far, after each frame.</param>
    public static int WriteApng(this InterpolationPath path, Generator G, string file, double fps, NoiseMode noiseMode = NoiseMode.Const,
        int? batchSize = null, Action<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(G);
        var frames = path.Render(G, noiseMode, batchSize); // checks the batch size before the file is created
        using var writer = new ApngWriter(file, fps);
        foreach (var frame in frames)
        {
            writer.WriteFrame(frame);
            progress?.Invoke(writer.FrameCount);
        }
        writer.Complete();
        return writer.FrameCount;
    }

    private static IEnumerable<RgbImage> Frames(InterpolationPath path, Generator G, NoiseMode noiseMode, int batchSize)
    {
        var total = path.FrameCount;
        for (var start = 0; start < total; start += batchSize)
        {
            var count = Math.Min(batchSize, total - start);
            RgbImage[] images;
            // The tensors live and die inside this scope, which closes before any frame is handed out: the consumer's own
            // tensors never land in it.
            using (var scope = torch.NewDisposeScope())
            using (torch.no_grad())
            {
                var ws = path.Ws(G, start, count);
                images = TensorImageConversion.ToImages(G.synthesis.forward(ws, noiseMode));
            }
            foreach (var image in images) yield return image;
        }
    }
}
