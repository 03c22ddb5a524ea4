using System.Text.Json;
using System.Text.Json.Nodes;

namespace GanKit.Training.Data;

/// <summary>
/// The <c>labels</c> of a reference-layout <c>dataset.json</c>: <c>[[filename, label], ...]</c>, where every label
/// is an integer class (made one-hot, width max + 1) or a list of floats of one length; <c>null</c> means unlabelled.
/// </summary>
internal static class DatasetLabels
{
    /// <summary>The raw label of each file named in <c>dataset.json</c>, or null when there is no file or <c>labels</c> is null.</summary>
    public static Dictionary<string, JsonNode>? ReadRaw(ImageStore store)
    {
        var text = store.ReadMetadata();
        if (text is null) return null;
        var where = store.Describe(ImageStore.MetadataName);
        JsonNode? root;
        try { root = JsonNode.Parse(text); }
        catch (JsonException e) { throw new InvalidDataException($"'{where}' is not valid JSON ({e.Message}).", e); }
        if (root is not JsonObject obj) throw new InvalidDataException($"'{where}': expected a JSON object with \"labels\".");
        if (!obj.TryGetPropertyValue("labels", out var labels) || labels is null) return null;
        if (labels is not JsonArray pairs) throw new InvalidDataException($"'{where}': \"labels\" must be a list of [filename, label] pairs or null.");
        var raw = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            if (pair is not JsonArray { Count: 2 } p || p[0] is not JsonValue nameValue || !nameValue.TryGetValue<string>(out var name) || p[1] is null)
                throw new InvalidDataException($"'{where}': every entry of \"labels\" must be [filename, label], got {pair?.ToJsonString() ?? "null"}.");
            raw[name.Replace('\\', '/')] = p[1]!;
        }
        return raw;
    }

    /// <summary>
    /// One label vector per image of <paramref name="names"/> (in that order) and the label width; every image
    /// needs a label and every label an image, or the error names the file.
    /// </summary>
    public static (float[][] Labels, int Dim) Read(ImageStore store, IReadOnlyList<string> names)
    {
        var raw = ReadRaw(store) ?? throw new InvalidDataException(store.ReadMetadata() is null
            ? $"--cond: '{store.Path}' has no labels: expected a {ImageStore.MetadataName} with \"labels\" (as 'gankit dataset' writes from a labelled source)."
            : $"--cond: '{store.Describe(ImageStore.MetadataName)}' has \"labels\": null, so the dataset is unlabelled; train without --cond.");
        var where = store.Describe(ImageStore.MetadataName);
        var known = new HashSet<string>(names, StringComparer.Ordinal);
        if (raw.Keys.FirstOrDefault(k => !known.Contains(k)) is { } stray)
            throw new InvalidDataException($"'{where}' has a label for '{stray}', which is not an image in '{store.Path}'.");
        var values = new JsonNode[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            values[i] = raw.TryGetValue(names[i], out var v) ? v
                : throw new InvalidDataException($"'{where}' has no label for image '{names[i]}'.");
        }

        if (values.All(v => v is JsonValue))
        {
            var classes = new int[values.Length];
            for (var i = 0; i < values.Length; i++)
            {
                if (!TryInt((JsonValue)values[i], out classes[i]) || classes[i] < 0)
                    throw new InvalidDataException($"'{where}': the label of '{names[i]}' is {values[i].ToJsonString()}: expected a class number ≥ 0 or a list of numbers.");
            }
            var dim = classes.Max() + 1;
            var oneHot = classes.Select(c => { var row = new float[dim]; row[c] = 1; return row; }).ToArray();
            return (oneHot, dim);
        }

        var vectors = new float[values.Length][];
        for (var i = 0; i < values.Length; i++)
        {
            vectors[i] = values[i] is JsonArray list && list.All(x => x is JsonValue)
                ? list.Select(x => TryFloat((JsonValue)x!, out var f) ? f : float.NaN).ToArray()
                : Array.Empty<float>();
            if (vectors[i].Length == 0 || vectors[i].Any(float.IsNaN))
                throw new InvalidDataException($"'{where}': the label of '{names[i]}' is {values[i].ToJsonString()}: expected a list of numbers, like the other labels.");
            if (vectors[i].Length != vectors[0].Length)
                throw new InvalidDataException($"'{where}': the label of '{names[i]}' has {vectors[i].Length} values but that of '{names[0]}' has {vectors[0].Length}: labels must all be one length.");
        }
        return (vectors, vectors[0].Length);
    }

    private static bool TryInt(JsonValue value, out int result)
    {
        result = 0;
        if (value.TryGetValue<int>(out result)) return true;
        if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && d is >= 0 and <= int.MaxValue) { result = (int)d; return true; }
        return false;
    }

    private static bool TryFloat(JsonValue value, out float result)
    {
        result = float.NaN;
        if (!value.TryGetValue<double>(out var d) || !double.IsFinite(d)) return false;
        result = (float)d;
        return true;
    }
}
