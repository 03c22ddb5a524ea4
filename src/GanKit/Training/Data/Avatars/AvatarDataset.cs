using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanKit.Imaging;

namespace GanKit.Training.Data.Avatars;

/// <summary>
/// The avatars dataset: cartoon faces (DiceBear's avataaars, by Pablo Stanley) whose factors of variation are
/// drawn from stated distributions and recorded per image, written in the reference dataset layout. Besides the
/// images, <c>dataset.json</c> holds <c>labels</c> (optional, one factor as the class), <c>factors</c> (every
/// factor's values and probabilities) and <c>attributes</c> (<c>[[filename, {factor: value, ...}], ...]</c>).
/// </summary>
public static class AvatarDataset
{
    /// <summary>Smallest and largest side accepted.</summary>
    public const int MinResolution = 8, MaxResolution = 1024;

    private const int SheetImages = 64;

    /// <summary>Draws and renders the faces and writes the dataset atomically, with a contact sheet beside it;
    /// <paramref name="onProgress"/> receives (faces written, faces in all).</summary>
    /// <exception cref="ArgumentException">A bad count, resolution or label factor (the message names the parameter).</exception>
    /// <exception cref="InvalidOperationException">Node.js or the npm packages are missing, or rendering failed.</exception>
    /// <exception cref="IOException">The destination cannot be written.</exception>
    public static DatasetBuildReport Build(AvatarDatasetOptions options, Action<int, int>? onProgress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Count < 1) throw new ArgumentException($"--count {options.Count}: expected at least 1 face.", nameof(options));
        var r = options.Resolution;
        if (r < MinResolution || r > MaxResolution || !BitOperations.IsPow2(r))
            throw new ArgumentException($"--resolution {r}: expected a power of two from {MinResolution} to {MaxResolution} (e.g. 32, 64, 128).", nameof(options));
        if (string.IsNullOrWhiteSpace(options.Dest)) throw new ArgumentException("--dest: expected a .zip or a folder.", nameof(options));
        var labelFactor = options.LabelFactor is null ? null : AvatarFactors.Named(options.LabelFactor);

        var avatars = AvatarSampler.Draw(options.Seed, options.Count).ToList();
        using var renderer = AvatarRenderer.Start();
        using var output = DatasetOutput.Create(options.Dest);
        var attributes = new JsonArray();
        var labels = labelFactor is null ? null : new JsonArray();
        var sheet = new List<RgbImage>();
        var written = 0;
        foreach (var image in renderer.Render(avatars, r))
        {
            var avatar = avatars[written];
            var entry = $"{written / 1000:D5}/img{written:D8}.png";
            output.Write(entry, image.ToPng());
            attributes.Add(new JsonArray(entry, avatar.ToJson()));
            labels?.Add(new JsonArray(entry, labelFactor!.IndexOf(avatar[labelFactor.Name])));
            if (sheet.Count < SheetImages) sheet.Add(image);
            written++;
            if (written % 100 == 0 || written == avatars.Count) onProgress?.Invoke(written, avatars.Count);
        }

        var metadata = new JsonObject
        {
            ["labels"] = labels,
            ["label_factor"] = labelFactor?.Name,
            ["factors"] = new JsonArray(AvatarFactors.All.Select(FactorJson).ToArray<JsonNode?>()),
            ["attributes"] = attributes,
            ["source"] = new JsonObject
            {
                ["tool"] = "gankit dataset avatars",
                ["seed"] = options.Seed,
                ["count"] = options.Count,
                ["resolution"] = r,
                ["renderer"] = AvatarRenderer.Packages,
                ["design"] = "Avataaars by Pablo Stanley (https://avataaars.com/), free for personal and commercial use; DiceBear (MIT)",
            },
        };
        output.Write(ImageStore.MetadataName, JsonSerializer.SerializeToUtf8Bytes(metadata));
        output.Commit();

        var sheetPath = DatasetBuilder.ContactSheetPath(options.Dest);
        ImageGrid.Of(sheet, Math.Min(8, sheet.Count)).ToImage().Save(sheetPath);
        return new DatasetBuildReport(options.Dest, options.Count, written, r, 3, labels is not null, [], sheetPath);
    }

    /// <summary>
    /// The attributes table of an avatars dataset (a zip or folder), in image order; the error names the file
    /// when it is not an avatars dataset.
    /// </summary>
    public static IReadOnlyList<(string File, AvatarAttributes Attributes)> ReadAttributes(string dataset)
    {
        using var store = ImageStore.Open(dataset);
        var text = store.ReadMetadata() ?? throw new InvalidDataException($"'{dataset}' has no {ImageStore.MetadataName}: expected an avatars dataset made by 'gankit dataset avatars'.");
        var where = store.Describe(ImageStore.MetadataName);
        JsonNode? root;
        try { root = JsonNode.Parse(text); }
        catch (JsonException e) { throw new InvalidDataException($"'{where}' is not valid JSON ({e.Message}).", e); }
        if (root?["attributes"] is not JsonArray rows)
            throw new InvalidDataException($"'{where}' has no \"attributes\" table: expected an avatars dataset made by 'gankit dataset avatars'.");
        var result = new List<(string, AvatarAttributes)>(rows.Count);
        foreach (var row in rows)
        {
            if (row is not JsonArray { Count: 2 } pair || pair[0] is not JsonValue name || !name.TryGetValue<string>(out var file))
                throw new InvalidDataException($"'{where}': every entry of \"attributes\" must be [filename, {{...}}], got {row?.ToJsonString() ?? "null"}.");
            result.Add((file, AvatarAttributes.FromJson(pair[1], $"'{where}', attributes of '{file}'")));
        }
        return result;
    }

    private static JsonObject FactorJson(AvatarFactor factor) => new()
    {
        ["name"] = factor.Name,
        ["description"] = factor.Description,
        ["values"] = new JsonArray(factor.Values.Select(v => (JsonNode?)JsonValue.Create(v.Name)).ToArray()),
        ["probabilities"] = new JsonArray(factor.Values.Select(v => (JsonNode?)JsonValue.Create(v.Probability)).ToArray()),
    };
}
