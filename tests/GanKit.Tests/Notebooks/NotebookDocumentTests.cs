using System.Text.Json.Nodes;
using GanKit.Notebooks;

namespace GanKit.Tests.Notebooks;

public class NotebookDocumentTests
{
    private const string PolyglotSample = """
        {
         "cells": [
          {
           "cell_type": "markdown",
           "metadata": {},
           "source": ["# Title\n", "text"]
          },
          {
           "cell_type": "code",
           "execution_count": 3,
           "metadata": {
            "dotnet_interactive": { "language": "csharp" },
            "polyglot_notebook": { "kernelName": "csharp" },
            "tags": ["keep"]
           },
           "outputs": [ { "output_type": "stream", "name": "stdout", "text": ["hi\n"] } ],
           "source": "var x = 1;\nx"
          }
         ],
         "metadata": {
          "kernelspec": { "display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp" },
          "language_info": { "name": "polyglot-notebook" },
          "polyglot_notebook": { "kernelInfo": { "defaultKernelName": "csharp", "items": [ { "aliases": [], "name": "csharp" } ] } },
          "custom": 1
         },
         "nbformat": 4,
         "nbformat_minor": 2
        }
        """;

    [Fact]
    public void Reads_sources_outputs_and_metadata()
    {
        var document = NotebookDocument.Parse(PolyglotSample);
        Assert.Equal(2, document.Cells.Count);
        Assert.Equal("# Title\ntext", document.Cells[0].Source);
        Assert.Equal("var x = 1;\nx", document.Cells[1].Source);
        Assert.Equal("csharp", document.Cells[1].KernelName);
        Assert.Equal(3, document.Cells[1].ExecutionCount);
        Assert.Equal("hi\n", NotebookOutputs.GetStreamText(document.Cells[1].Outputs[0]));
        Assert.True(document.HasOutputs);
        Assert.Equal(2, document.NbFormatMinor);
    }

    [Fact]
    public void Writes_jupyter_layout_and_keeps_unknown_fields()
    {
        var json = NotebookDocument.Parse(PolyglotSample).ToJson();
        Assert.EndsWith("}\n", json);
        Assert.Contains("\n \"cells\": [", json);                 // one-space indent
        Assert.Contains("\"source\": [\n    \"var x = 1;\\n\",\n    \"x\"\n   ]", json); // lines keep their \n
        var root = JsonNode.Parse(json)!;
        Assert.Equal(1, root["metadata"]!["custom"]!.GetValue<int>());
        Assert.Equal("keep", root["cells"]![1]!["metadata"]!["tags"]![0]!.GetValue<string>());
        Assert.Equal(["cells", "metadata", "nbformat", "nbformat_minor"], root.AsObject().Select(p => p.Key));
        Assert.Equal(json, NotebookDocument.Parse(json).ToJson());
    }

    [Fact]
    public void Clean_copy_has_no_outputs_and_passes_the_check()
    {
        var document = NotebookDocument.Parse(PolyglotSample);
        Assert.Contains(PolyglotMetadata.FindProblems(document), p => p.Contains("output"));
        var clean = document.WithoutOutputs();
        Assert.False(clean.HasOutputs);
        Assert.Empty(PolyglotMetadata.FindProblems(clean));
        Assert.True(document.HasOutputs); // the original is untouched
    }

    [Fact]
    public void Check_names_missing_metadata()
    {
        var document = NotebookDocument.Parse("""{"cells":[{"cell_type":"code","metadata":{},"source":"1","outputs":[],"execution_count":null}],"metadata":{},"nbformat":4,"nbformat_minor":5}""");
        var problems = PolyglotMetadata.FindProblems(document);
        Assert.Contains(problems, p => p.Contains("kernelspec.name"));
        Assert.Contains(problems, p => p.Contains("language_info.name"));
        Assert.Contains(problems, p => p.Contains("cell 0") && p.Contains("kernelName"));
        PolyglotMetadata.Apply(document);
        Assert.Empty(PolyglotMetadata.FindProblems(document));
    }

    [Fact]
    public void New_polyglot_notebook_is_clean_and_has_cell_ids()
    {
        var document = NotebookDocument.CreatePolyglot();
        document.AddMarkdown("# Hello");
        var code = document.AddCode("1 + 1");
        Assert.Empty(PolyglotMetadata.FindProblems(document));
        Assert.Equal(5, document.NbFormatMinor);
        Assert.Matches("^[0-9a-f]{8}$", code.Id!);
        var root = JsonNode.Parse(document.ToJson())!;
        Assert.Equal(".net-csharp", root["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", root["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["items"]![0]!["languageName"]!.GetValue<string>());
    }

    [Fact]
    public void Rejects_what_is_not_a_notebook()
    {
        Assert.Contains("x.ipynb", Assert.Throws<InvalidDataException>(() => NotebookDocument.Parse("{", "x.ipynb")).Message);
        Assert.Contains("nbformat 3", Assert.Throws<InvalidDataException>(() => NotebookDocument.Parse("""{"nbformat":3,"cells":[]}""")).Message);
    }
}
