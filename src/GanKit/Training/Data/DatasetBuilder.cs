using System.Numerics;
using System.Text.Json.Nodes;
using GanKit.Imaging;
using SkiaSharp;

namespace GanKit.Training.Data;

/// <summary>
/// Makes a training dataset from a folder or zip of photos, as the reference dataset tool does: every usable image
/// becomes a square power-of-two PNG (<c>00000/img00000000.png</c>, a thousand a folder) and <c>dataset.json</c>
/// carries the source's labels. Files that cannot be used are skipped and reported with the reason. The dataset
/// appears whole or not at all: it is written to a temporary file or folder beside the destination and renamed.
/// A contact sheet (the first 64 images) is written beside it.
/// </summary>
public static class DatasetBuilder
{
    private const int ChunkSize = 64;
    private const int SheetImages = 64;

    /// <summary>Builds the dataset; <paramref name="onProgress"/> receives (files processed, files found).</summary>
    /// <exception cref="ArgumentException">A bad resolution or image limit.</exception>
    /// <exception cref="IOException">The source is missing or the destination cannot be written (the message names it).</exception>
    /// <exception cref="InvalidDataException">The source has no images, is a damaged zip, or no image could be used.</exception>
    public static DatasetBuildReport Build(DatasetBuildOptions options, Action<int, int>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var r = options.Resolution;
        if (r < 4 || !BitOperations.IsPow2(r))
            throw new ArgumentException($"--resolution {r}: expected a power of two of at least 4 (4, 8, ..., 256, 512, 1024).", nameof(options));
        if (options.MaxImages is < 1)
            throw new ArgumentException($"--max-images {options.MaxImages}: expected at least 1.", nameof(options));
        if (string.IsNullOrWhiteSpace(options.Dest)) throw new ArgumentException("--dest: expected a .zip or a folder.", nameof(options));

        using var store = ImageStore.Open(options.Source);
        var names = store.Names;
        if (names.Count == 0)
            throw new InvalidDataException($"'{options.Source}' holds no PNG, JPEG or WebP images{(store is FolderImageStore ? " (searched recursively)" : "")}.");
        var labels = DatasetLabels.ReadRaw(store);

        using var output = DatasetOutput.Create(options.Dest);
        var skipped = new List<SkippedImage>();

        // Headers first: unreadable files are skipped up front, and the output is greyscale only if every input is.
        var headers = new ImageHeader?[names.Count];
        var probeErrors = new string?[names.Count];
        Parallel.For(0, names.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try { headers[i] = ImageProbe.Probe(store, names[i]); }
            catch (Exception e) when (e is InvalidDataException or IOException) { probeErrors[i] = ReasonOf(e); }
        });
        var gray = headers.Where(h => h is not null).All(h => h!.Value.Gray);

        var sheet = new List<RgbImage>();
        var labelList = labels is null ? null : new JsonArray();
        var written = 0;
        var limit = options.MaxImages ?? int.MaxValue;
        var processed = 0;
        for (var start = 0; start < names.Count && written < limit; start += ChunkSize)
        {
            var chunk = Enumerable.Range(start, Math.Min(ChunkSize, names.Count - start)).ToArray();
            var results = chunk.AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount)
                .Select(i => Prepare(store, names[i], headers[i], probeErrors[i], labels, options)).ToArray();
            for (var k = 0; k < chunk.Length && written < limit; k++)
            {
                var (image, reason) = results[k];
                processed++;
                if (image is null)
                {
                    skipped.Add(new SkippedImage(store.Describe(names[chunk[k]]), reason!));
                    continue;
                }
                var entry = $"{written / 1000:D5}/img{written:D8}.png";
                output.Write(entry, gray ? EncodeGray(image) : image.ToPng());
                labelList?.Add(new JsonArray(entry, labels![names[chunk[k]]].DeepClone()));
                if (sheet.Count < SheetImages) sheet.Add(image);
                written++;
            }
            onProgress?.Invoke(processed, names.Count);
        }
        if (written == 0)
        {
            var first = skipped.FirstOrDefault();
            throw new InvalidDataException($"No usable images in '{options.Source}': all {skipped.Count} were skipped" +
                                           (first is null ? "." : $" (the first, '{first.File}': {first.Reason})."));
        }

        output.Write(ImageStore.MetadataName, System.Text.Encoding.UTF8.GetBytes(
            new JsonObject { ["labels"] = labelList }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = false })));
        output.Commit();

        var sheetPath = ContactSheetPath(options.Dest);
        ImageGrid.Of(sheet, Math.Min(8, sheet.Count)).ToImage().Save(sheetPath);
        return new DatasetBuildReport(options.Dest, names.Count, written, r, gray ? 1 : 3, labels is not null, skipped, sheetPath);
    }

    /// <summary>Where the contact sheet of a dataset goes: beside it, named after it.</summary>
    public static string ContactSheetPath(string dest)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dest));
        var stem = full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) ? full[..^4] : full;
        return stem + "-contact-sheet.png";
    }

    private static (RgbImage? Image, string? Reason) Prepare(ImageStore store, string name, ImageHeader? header, string? probeError,
        Dictionary<string, JsonNode>? labels, DatasetBuildOptions options)
    {
        if (header is null) return (null, probeError);
        if (labels is not null && !labels.ContainsKey(name)) return (null, $"no label in {ImageStore.MetadataName}");
        RgbImage image;
        try { image = RgbImage.FromBytes(store.Read(name), store.Describe(name)); }
        catch (Exception e) when (e is InvalidDataException or IOException) { return (null, ReasonOf(e)); }
        return Transform(image, options.Resolution, options.Transform);
    }

    /// <summary>The square dataset image for <paramref name="image"/>, or the reason it cannot be used.</summary>
    internal static (RgbImage? Image, string? Reason) Transform(RgbImage image, int r, DatasetTransform transform)
    {
        switch (transform)
        {
            case DatasetTransform.CenterCrop:
                return (image.ResizeToFill(r, r), null);
            case DatasetTransform.CenterCropWide:
            {
                if (image.Width < r) return (null, $"{image.Width}x{image.Height} is narrower than {r} px, too small for center-crop-wide at {r}");
                var band = image.ResizeToFill(r, r / 2);
                var square = new byte[r * r * 3]; // black above and below the band
                band.Pixels.CopyTo(square.AsSpan((r / 4) * r * 3));
                return (RgbImage.Wrap(r, r, square), null);
            }
            default:
                if (image.Width != image.Height)
                    return (null, $"{image.Width}x{image.Height} is not square; use --transform center-crop or center-crop-wide");
                return (image.Width == r ? image : image.Resize(r, r), null);
        }
    }

    private static string ReasonOf(Exception e) => e switch
    {
        InvalidDataException when e.Message.Contains("damaged or truncated", StringComparison.Ordinal) => "damaged or truncated image data",
        InvalidDataException when e.Message.Contains("is empty", StringComparison.Ordinal) => "empty file",
        InvalidDataException when e.Message.Contains("zip entry", StringComparison.Ordinal) => "corrupt zip entry",
        InvalidDataException => "not a PNG, JPEG or WebP image SkiaSharp can read",
        _ => "unreadable: " + e.Message,
    };

    /// <summary>A greyscale PNG (one channel) from an image whose R, G and B are equal.</summary>
    private static byte[] EncodeGray(RgbImage image)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        var gray = bitmap.GetPixelSpan();
        var rgb = image.Pixels;
        var stride = bitmap.RowBytes;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++) gray[y * stride + x] = rgb[(y * image.Width + x) * 3];
        }
        using var pixmap = bitmap.PeekPixels();
        using var png = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, 6))
                        ?? throw new InvalidOperationException($"SkiaSharp could not encode a {image.Width}x{image.Height} greyscale PNG.");
        return png.ToArray();
    }
}
