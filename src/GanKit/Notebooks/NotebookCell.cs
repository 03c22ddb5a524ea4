using System.Text.Json.Nodes;

namespace GanKit.Notebooks;

/// <summary>One cell of a notebook: code (with outputs) or markdown or raw text.</summary>
public sealed class NotebookCell
{
    private static readonly HashSet<string> KnownKeys = ["cell_type", "id", "metadata", "source", "outputs", "execution_count"];

    /// <summary>Creates a cell.</summary>
    /// <param name="cellType">"code", "markdown" or "raw".</param>
    /// <param name="source">The cell's text.</param>
    public NotebookCell(string cellType, string source)
    {
        CellType = cellType;
        Source = source;
    }

    /// <summary>"code", "markdown" or "raw".</summary>
    public string CellType { get; }

    /// <summary>Whether this is a code cell.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The cell's text.</summary>
    public string Source { get; set; }

    /// <summary>The nbformat 4.5 cell id, or null in older notebooks.</summary>
    public string? Id { get; set; }

    /// <summary>Cell metadata (for Polyglot: <c>polyglot_notebook.kernelName</c> and <c>dotnet_interactive.language</c>).</summary>
    public JsonObject Metadata { get; set; } = [];

    /// <summary>Outputs of a code cell as nbformat output objects (see <see cref="NotebookOutputs"/>).</summary>
    public List<JsonObject> Outputs { get; } = [];

    /// <summary>The execution counter of a code cell, or null when not run.</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>Other top-level cell properties (such as markdown attachments), kept as read.</summary>
    public JsonObject Extra { get; } = [];

    /// <summary>The first non-blank line of the source, trimmed (how errors name a cell).</summary>
    public string FirstLine =>
        Source.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";

    /// <summary>The Polyglot kernel the cell runs in ("csharp" for C#), from metadata; null when absent.</summary>
    public string? KernelName =>
        Metadata["polyglot_notebook"]?["kernelName"]?.GetValue<string>() ??
        Metadata["dotnet_interactive"]?["language"]?.GetValue<string>();

    internal static NotebookCell FromJson(JsonObject json)
    {
        var cell = new NotebookCell(json["cell_type"]?.GetValue<string>() ?? "code", NotebookText.Read(json["source"]))
        {
            Id = json["id"]?.GetValue<string>(),
            Metadata = json["metadata"]?.DeepClone() as JsonObject ?? [],
            ExecutionCount = json["execution_count"] is JsonValue count && count.TryGetValue<int>(out var n) ? n : null,
        };
        if (json["outputs"] is JsonArray outputs)
        {
            cell.Outputs.AddRange(outputs.OfType<JsonObject>().Select(o => (JsonObject)o.DeepClone()));
        }
        foreach (var (key, value) in json)
        {
            if (!KnownKeys.Contains(key))
            {
                cell.Extra[key] = value?.DeepClone();
            }
        }
        return cell;
    }

    internal JsonObject ToJson()
    {
        // Keys in nbformat's (sorted) order, so files diff cleanly against Jupyter-written ones.
        var json = new JsonObject { ["cell_type"] = CellType };
        if (IsCode)
        {
            json["execution_count"] = ExecutionCount;
        }
        if (Id is not null)
        {
            json["id"] = Id;
        }
        json["metadata"] = Metadata.DeepClone();
        if (IsCode)
        {
            json["outputs"] = new JsonArray(Outputs.Select(o => (JsonNode)o.DeepClone()).ToArray());
        }
        json["source"] = NotebookText.Write(Source);
        foreach (var (key, value) in Extra)
        {
            json[key] = value?.DeepClone();
        }
        return json;
    }

    /// <summary>A deep copy.</summary>
    public NotebookCell Clone() => FromJson(ToJson());

    /// <summary>The kind and first line, for messages.</summary>
    public override string ToString() => $"{CellType}: {FirstLine}";
}
