using System.Text.Json.Nodes;

namespace GanKit.Notebooks;

/// <summary>Builds and reads nbformat 4 output objects.</summary>
public static class NotebookOutputs
{
    /// <summary>A <c>display_data</c> output holding each MIME type's text (for example text/html and text/plain).</summary>
    public static JsonObject DisplayData(IEnumerable<KeyValuePair<string, string>> data)
    {
        var bundle = new JsonObject();
        foreach (var (mime, text) in data)
        {
            bundle[mime] = NotebookText.Write(text);
        }
        return new JsonObject { ["data"] = bundle, ["metadata"] = new JsonObject(), ["output_type"] = "display_data" };
    }

    /// <summary>A <c>stream</c> output ("stdout" or "stderr").</summary>
    public static JsonObject Stream(string name, string text) =>
        new() { ["name"] = name, ["output_type"] = "stream", ["text"] = NotebookText.Write(text) };

    /// <summary>An <c>error</c> output: exception name, message and traceback lines.</summary>
    public static JsonObject Error(string name, string value, IEnumerable<string> traceback) =>
        new()
        {
            ["ename"] = name,
            ["evalue"] = value,
            ["output_type"] = "error",
            ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode)t).ToArray()),
        };

    /// <summary>The output's kind: "display_data", "execute_result", "stream" or "error".</summary>
    public static string Kind(JsonObject output) => output["output_type"]?.GetValue<string>() ?? "";

    /// <summary>The text stored for <paramref name="mimeType"/> in a display output, or null.</summary>
    public static string? GetData(JsonObject output, string mimeType) =>
        output["data"]?[mimeType] is { } node ? NotebookText.Read(node) : null;

    /// <summary>The text of a stream output.</summary>
    public static string GetStreamText(JsonObject output) => NotebookText.Read(output["text"]);
}
