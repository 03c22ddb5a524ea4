using System.Text.Json.Nodes;

namespace GanKit.Notebooks;

/// <summary>The .ipynb way of storing multi-line text: a string or an array of lines that keep their "\n".</summary>
internal static class NotebookText
{
    /// <summary>Joins a string or an array of line strings; anything else reads as empty.</summary>
    public static string Read(JsonNode? node) => node switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => "",
    };

    /// <summary>Splits text into lines, each keeping its "\n" except the last (the Jupyter convention).</summary>
    public static JsonArray Write(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                lines.Add(text[start..(i + 1)]);
                start = i + 1;
            }
        }
        if (start < text.Length)
        {
            lines.Add(text[start..]);
        }
        return lines;
    }
}
