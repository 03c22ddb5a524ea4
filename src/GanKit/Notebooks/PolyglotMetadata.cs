using System.Text.Json.Nodes;

namespace GanKit.Notebooks;

/// <summary>
/// The metadata that makes VS Code's Polyglot Notebooks open a notebook with the .NET C# kernel, and a
/// check for it: notebook-level <c>kernelspec</c>, <c>language_info</c> and
/// <c>polyglot_notebook.kernelInfo</c>; per code cell <c>polyglot_notebook.kernelName</c> and the older
/// <c>dotnet_interactive.language</c>.
/// </summary>
public static class PolyglotMetadata
{
    /// <summary>The kernel name of C# cells.</summary>
    public const string CSharpKernel = "csharp";

    /// <summary>Sets the notebook-level metadata and every code cell's metadata (other keys are kept).</summary>
    public static void Apply(NotebookDocument document)
    {
        document.Metadata["kernelspec"] = new JsonObject
        {
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
            ["name"] = ".net-csharp",
        };
        document.Metadata["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" };
        document.Metadata["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = CSharpKernel,
                ["items"] = new JsonArray(new JsonObject
                {
                    ["aliases"] = new JsonArray(),
                    ["languageName"] = CSharpKernel,
                    ["name"] = CSharpKernel,
                }),
            },
        };
        foreach (var cell in document.Cells.Where(c => c.IsCode))
        {
            ApplyToCell(cell);
        }
    }

    /// <summary>Marks one code cell as C#.</summary>
    public static void ApplyToCell(NotebookCell cell)
    {
        cell.Metadata["dotnet_interactive"] = new JsonObject { ["language"] = CSharpKernel };
        cell.Metadata["polyglot_notebook"] = new JsonObject { ["kernelName"] = CSharpKernel };
    }

    /// <summary>
    /// What keeps the notebook from being a clean Polyglot C# notebook: missing or wrong metadata and,
    /// when <paramref name="requireNoOutputs"/>, outputs or execution counts left in. Empty when fine.
    /// </summary>
    public static IReadOnlyList<string> FindProblems(NotebookDocument document, bool requireNoOutputs = true)
    {
        var problems = new List<string>();
        var metadata = document.Metadata;
        Expect(metadata["kernelspec"]?["name"], ".net-csharp", "metadata.kernelspec.name", problems);
        Expect(metadata["kernelspec"]?["language"], "C#", "metadata.kernelspec.language", problems);
        Expect(metadata["language_info"]?["name"], "polyglot-notebook", "metadata.language_info.name", problems);
        Expect(metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"], CSharpKernel,
            "metadata.polyglot_notebook.kernelInfo.defaultKernelName", problems);
        var items = metadata["polyglot_notebook"]?["kernelInfo"]?["items"] as JsonArray;
        if (items is null || !items.Any(i => Text(i?["name"]) == CSharpKernel))
        {
            problems.Add("metadata.polyglot_notebook.kernelInfo.items has no csharp kernel");
        }
        for (var i = 0; i < document.Cells.Count; i++)
        {
            var cell = document.Cells[i];
            var where = $"cell {i} ({cell.CellType}: {Shorten(cell.FirstLine)})";
            if (cell.IsCode)
            {
                Expect(cell.Metadata["polyglot_notebook"]?["kernelName"], CSharpKernel, $"{where} metadata.polyglot_notebook.kernelName", problems);
                Expect(cell.Metadata["dotnet_interactive"]?["language"], CSharpKernel, $"{where} metadata.dotnet_interactive.language", problems);
            }
            if (requireNoOutputs && cell.Outputs.Count > 0)
            {
                problems.Add($"{where} carries {cell.Outputs.Count} output(s); clear outputs before committing (gankit notebook clean)");
            }
            if (requireNoOutputs && cell.ExecutionCount is not null)
            {
                problems.Add($"{where} carries execution_count {cell.ExecutionCount}");
            }
        }
        return problems;
    }

    private static void Expect(JsonNode? node, string expected, string path, List<string> problems)
    {
        var actual = Text(node);
        if (actual != expected)
        {
            problems.Add(actual is null ? $"{path} is missing (expected \"{expected}\")" : $"{path} is \"{actual}\", expected \"{expected}\"");
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Shorten(string line) => line.Length <= 40 ? line : line[..39] + "…";
}
