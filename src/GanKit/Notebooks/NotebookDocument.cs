using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanKit.Imaging;

namespace GanKit.Notebooks;

/// <summary>
/// A Jupyter notebook (nbformat 4) as Polyglot Notebooks store it: cells, notebook metadata and format
/// version. Reads any nbformat 4 file, keeps properties it does not model, and writes the layout Jupyter
/// writes (one-space indentation, sorted top-level keys, lines as arrays, trailing newline).
/// </summary>
public sealed class NotebookDocument
{
    private static readonly HashSet<string> KnownKeys = ["cells", "metadata", "nbformat", "nbformat_minor"];

    /// <summary>The cells in order.</summary>
    public List<NotebookCell> Cells { get; } = [];

    /// <summary>Notebook metadata (kernelspec, language_info, polyglot_notebook, ...).</summary>
    public JsonObject Metadata { get; set; } = [];

    /// <summary>Major format version; always 4.</summary>
    public int NbFormat { get; set; } = 4;

    /// <summary>Minor format version; 5 and above require cell ids.</summary>
    public int NbFormatMinor { get; set; } = 5;

    /// <summary>Other top-level properties, kept as read.</summary>
    public JsonObject Extra { get; } = [];

    /// <summary>Whether any code cell has outputs or an execution count.</summary>
    public bool HasOutputs => Cells.Any(c => c.Outputs.Count > 0 || c.ExecutionCount is not null);

    /// <summary>A new empty notebook with the Polyglot (.NET C#) metadata.</summary>
    public static NotebookDocument CreatePolyglot()
    {
        var document = new NotebookDocument();
        PolyglotMetadata.Apply(document);
        return document;
    }

    /// <summary>Reads a notebook file.</summary>
    /// <exception cref="InvalidDataException">The file is not an nbformat 4 notebook.</exception>
    public static NotebookDocument Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses notebook JSON.</summary>
    /// <param name="json">The .ipynb text.</param>
    /// <param name="source">Named in error messages.</param>
    public static NotebookDocument Parse(string json, string source = "notebook")
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{source}: a notebook must be a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: not valid JSON ({e.Message}).", e);
        }
        var major = root["nbformat"]?.GetValue<int>() ?? 0;
        if (major != 4)
        {
            throw new InvalidDataException($"{source}: nbformat {major} is not supported; GanKit reads nbformat 4 notebooks.");
        }
        var document = new NotebookDocument
        {
            NbFormat = major,
            NbFormatMinor = root["nbformat_minor"]?.GetValue<int>() ?? 0,
            Metadata = root["metadata"]?.DeepClone() as JsonObject ?? [],
        };
        if (root["cells"] is not JsonArray cells)
        {
            throw new InvalidDataException($"{source}: the notebook has no \"cells\" array.");
        }
        document.Cells.AddRange(cells.OfType<JsonObject>().Select(NotebookCell.FromJson));
        foreach (var (key, value) in root)
        {
            if (!KnownKeys.Contains(key))
            {
                document.Extra[key] = value?.DeepClone();
            }
        }
        return document;
    }

    /// <summary>Appends a markdown cell and returns it.</summary>
    public NotebookCell AddMarkdown(string source)
    {
        var cell = new NotebookCell("markdown", source) { Id = NbFormatMinor >= 5 ? NewId() : null };
        Cells.Add(cell);
        return cell;
    }

    /// <summary>Appends a C# code cell with Polyglot cell metadata and returns it.</summary>
    public NotebookCell AddCode(string source)
    {
        var cell = new NotebookCell("code", source) { Id = NbFormatMinor >= 5 ? NewId() : null };
        PolyglotMetadata.ApplyToCell(cell);
        Cells.Add(cell);
        return cell;
    }

    /// <summary>A deep copy.</summary>
    public NotebookDocument Clone() => Parse(ToJson());

    /// <summary>A copy with every output and execution count removed: the form notebooks are committed in.</summary>
    public NotebookDocument WithoutOutputs()
    {
        var copy = Clone();
        foreach (var cell in copy.Cells)
        {
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }
        return copy;
    }

    /// <summary>The notebook as .ipynb JSON.</summary>
    public string ToJson()
    {
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(Cells.Select(c => (JsonNode)c.ToJson()).ToArray()),
            ["metadata"] = Metadata.DeepClone(),
            ["nbformat"] = NbFormat,
            ["nbformat_minor"] = NbFormatMinor,
        };
        foreach (var (key, value) in Extra)
        {
            root[key] = value?.DeepClone();
        }
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            IndentSize = 1,
            // A notebook is a file, not HTML: keep ψ, <, > and quotes readable as Jupyter does.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return root.ToJsonString(options) + "\n";
    }

    /// <summary>Writes the notebook atomically (a temporary file in the same folder, then a rename).</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());

    private static string NewId() => Guid.NewGuid().ToString("N")[..8];
}
