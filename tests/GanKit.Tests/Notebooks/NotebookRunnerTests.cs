using GanKit.Notebooks;
using GanKit.Tests.Visuals;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace GanKit.Tests.Notebooks;

[Collection(DisplayGlobalsCollection.Name)]
public sealed class NotebookRunnerTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("gankit-notebook-");

    // Cells reference GanKit as committed notebooks do; the runner supplies its own loaded copy whatever the path.
    private const string Setup = "#r \"../src/GanKit/bin/Debug/net10.0/GanKit.dll\"\nusing GanKit.Visuals;";

    public void Dispose() => _folder.Delete(recursive: true);

    private static NotebookRunOptions Options => new() { UseNotebookFolderAsCurrentDirectory = false, Timeout = TimeSpan.FromSeconds(60) };

    private async Task<NotebookRunResult> RunAsync(NotebookRunOptions? options, params string[] cells)
    {
        var document = NotebookDocument.CreatePolyglot();
        document.AddMarkdown("# Test notebook");
        foreach (var cell in cells)
        {
            document.AddCode(cell);
        }
        var path = Path.Combine(_folder.FullName, "test.ipynb");
        document.Save(path);
        return await NotebookRunner.RunFileAsync(path, options ?? Options);
    }

    private static string Html(NotebookRunResult result, int cell, int output = 0) =>
        NotebookOutputs.GetData(result.Notebook.Cells[cell].Outputs[output], "text/html") ?? "";

    private static string Plain(NotebookRunResult result, int cell, int output = 0) =>
        NotebookOutputs.GetData(result.Notebook.Cells[cell].Outputs[output], "text/plain") ?? "";

    [Fact]
    public async Task Variables_carry_across_cells_and_trailing_values_display()
    {
        var result = await RunAsync(null,
            Setup,
            "var x = 40;\nint Twice(int v) => 2 * v;",
            "x + 2",
            "new Html(\"<b>bold</b>\")",
            "var list = new List<int> { Twice(1), 3 };\nlist");
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal(5, result.CellsRun);
        Assert.Empty(result.Notebook.Cells[2].Outputs);          // ends with a statement: nothing shown
        Assert.Equal("42", Plain(result, 3));
        Assert.Equal("<b>bold</b>", Html(result, 4));             // convention formatter, text/html
        Assert.Equal("<b>bold</b>", Plain(result, 4));
        Assert.Equal("[2, 3]", Plain(result, 5));
        Assert.Equal("display_data", NotebookOutputs.Kind(result.Notebook.Cells[4].Outputs[0]));
        Assert.Equal([null, 1, 2, 3, 4, 5], result.Notebook.Cells.Select(c => c.ExecutionCount));
    }

    [Fact]
    public async Task Display_handles_update_earlier_outputs_and_console_text_is_captured()
    {
        var result = await RunAsync(null,
            Setup,
            "var bar = display(new ProgressDisplay(\"steps\", 0, 10));\nConsole.WriteLine(\"hello\");\nConsole.Write(\"world\");",
            "bar.Update(new ProgressDisplay(\"steps\", 10, 10, \"done\"));\ndisplay(\"only text\", \"text/plain\");");
        Assert.True(result.Succeeded, result.Failure?.ToString());
        var first = result.Notebook.Cells[2].Outputs;
        Assert.Equal(2, first.Count);
        Assert.Contains("<progress value=\"1\"", Html(result, 2));
        Assert.Contains("100%", Plain(result, 2));
        Assert.Equal("hello\nworld", NotebookOutputs.GetStreamText(first[1]).ReplaceLineEndings("\n"));
        var textOnly = result.Notebook.Cells[3].Outputs.Single();
        Assert.Null(NotebookOutputs.GetData(textOnly, "text/html"));
        Assert.Equal("only text", NotebookOutputs.GetData(textOnly, "text/plain"));
    }

    [Fact]
    public async Task A_reference_to_GanKit_brings_TorchSharp_and_tensors_show_with_its_formatter()
    {
        var result = await RunAsync(null,
            Setup + "\nusing TorchSharp;\nusing static TorchSharp.torch;\nGanKit.Torch.TorchRuntime.EnsureInitialized();",
            "Tensor Twice(Tensor t) => t * 2;\nTwice(torch.ones(2, 3))",
            "nn.Module<Tensor, Tensor> net = nn.Sequential(nn.Linear(3, 1), nn.LeakyReLU(0.2));\nnet.forward(torch.zeros(4, 3)).shape");
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.StartsWith("[2x3], type = Float32, device = cpu", Plain(result, 2)); // TorchSharp's own formatter
        Assert.Contains(" 2 2 2", Plain(result, 2));
        Assert.Equal("[4, 1]", Plain(result, 3));
    }

    [Fact]
    public async Task A_run_leaves_libtorch_thread_count_as_it_found_it()
    {
        GanKit.Torch.TorchRuntime.EnsureInitialized();
        var original = TorchSharp.torch.get_num_threads();
        try
        {
            TorchSharp.torch.set_num_threads(3);
            var result = await RunAsync(null, Setup + "\nTorchSharp.torch.set_num_threads(1);", "TorchSharp.torch.get_num_threads()");
            Assert.True(result.Succeeded, result.Failure?.ToString());
            Assert.Equal("1", Plain(result, 2));
            Assert.Equal(3, TorchSharp.torch.get_num_threads());
        }
        finally
        {
            TorchSharp.torch.set_num_threads(original);
        }
    }

    [Fact]
    public async Task References_resolve_relative_to_the_notebook_folder()
    {
        var lib = Directory.CreateDirectory(Path.Combine(_folder.FullName, "lib"));
        var compilation = CSharpCompilation.Create("Greeter",
            [CSharpSyntaxTree.ParseText("public static class Greeter { public static string Hello(string n) => \"hello \" + n; }")],
            [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        Assert.True(compilation.Emit(Path.Combine(lib.FullName, "Greeter.dll")).Success);

        var result = await RunAsync(null, "#r \"lib/Greeter.dll\"\nGreeter.Hello(\"notebook\")");
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal("hello notebook", Plain(result, 1));

        var missing = await RunAsync(null, "#r \"lib/Missing.dll\"");
        Assert.Equal(NotebookFailureKind.Compilation, missing.Failure!.Kind);
        Assert.Contains("Missing.dll", missing.Failure.Message);
    }

    [Fact]
    public async Task Compilation_error_names_cell_and_line_and_stops_the_run()
    {
        var result = await RunAsync(null, "var ok = 1;", "var a = 1;\nvar b = undefinedThing;", "Console.WriteLine(\"never\");");
        var failure = Assert.IsType<NotebookFailure>(result.Failure);
        Assert.Equal(NotebookFailureKind.Compilation, failure.Kind);
        Assert.Equal(2, failure.CellIndex);
        Assert.Equal(2, failure.Line);
        Assert.Equal("var a = 1;", failure.FirstLine);
        Assert.Contains("CS0103", failure.Message);
        Assert.Contains("cell 3 of 4 (index 2: `var a = 1;`), line 2 does not compile", failure.ToString());
        Assert.Equal("error", NotebookOutputs.Kind(result.Notebook.Cells[2].Outputs.Single()));
        Assert.Null(result.Notebook.Cells[3].ExecutionCount); // not run
        Assert.Equal(2, result.CellsRun);
    }

    [Fact]
    public async Task Exception_names_cell_and_line()
    {
        var result = await RunAsync(null, "var a = 1;\n\nthrow new InvalidOperationException(\"boom\");");
        var failure = Assert.IsType<NotebookFailure>(result.Failure);
        Assert.Equal(NotebookFailureKind.Exception, failure.Kind);
        Assert.Equal(1, failure.CellIndex);
        Assert.Equal(3, failure.Line);
        Assert.Equal("System.InvalidOperationException: boom", failure.Message);
        var error = result.Notebook.Cells[1].Outputs.Single();
        Assert.Equal("InvalidOperationException", error["ename"]!.GetValue<string>());

        var nested = await RunAsync(null, "void Fail() => throw new ArgumentException(\"deep\");", "var x = 0;\nFail();");
        Assert.Equal(2, nested.Failure!.CellIndex);
        Assert.Equal(2, nested.Failure.Line);
    }

    [Fact]
    public async Task Time_limit_stops_a_long_cell()
    {
        var options = Options;
        options.Timeout = TimeSpan.FromMilliseconds(300);
        var started = DateTime.UtcNow;
        var result = await RunAsync(options, "await Task.Delay(20000);");
        Assert.Equal(NotebookFailureKind.Timeout, result.Failure!.Kind);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));
        Assert.Contains("limit", result.Failure.Message);
    }

    [Fact]
    public async Task Magic_commands_and_other_kernels_are_skipped()
    {
        var result = await RunAsync(null, "#!time\nvar x = 5;\nx", "#!fsharp\nlet y = 1", "#!csharp\nx + 1");
        Assert.True(result.Succeeded, result.Failure?.ToString());
        Assert.Equal("5", Plain(result, 1));
        Assert.Empty(result.Notebook.Cells[2].Outputs);
        Assert.Null(result.Notebook.Cells[2].ExecutionCount);
        Assert.Equal("6", Plain(result, 3));
    }

    [Fact]
    public async Task Html_page_shows_markdown_code_and_outputs()
    {
        var result = await RunAsync(null, Setup, "Console.WriteLine(\"a < b\");\nnew Html(\"<i>shown</i>\")");
        var page = NotebookHtmlExporter.ToHtml(result.Notebook);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<title>Test notebook</title>", page);
        Assert.Contains("<h1>Test notebook</h1>", page);
        Assert.Contains("<pre><code>Console.WriteLine(&quot;a &lt; b&quot;);", page);
        Assert.Contains("<pre>a &lt; b\n</pre>", page.ReplaceLineEndings("\n"));
        Assert.Contains("<div class=\"output\"><i>shown</i></div>", page);

        var path = Path.Combine(_folder.FullName, "page.html");
        NotebookHtmlExporter.Save(result.Notebook, path);
        Assert.Equal(page, File.ReadAllText(path));
    }

    [Fact]
    public async Task Executed_notebook_keeps_polyglot_metadata_and_source_is_untouched()
    {
        var result = await RunAsync(null, "1 + 1");
        Assert.Empty(PolyglotMetadata.FindProblems(result.Notebook, requireNoOutputs: false));
        var saved = Path.Combine(_folder.FullName, "executed.ipynb");
        result.Notebook.Save(saved);
        Assert.Equal("2", NotebookOutputs.GetData(NotebookDocument.Load(saved).Cells[1].Outputs[0], "text/plain"));
        Assert.False(NotebookDocument.Load(Path.Combine(_folder.FullName, "test.ipynb")).HasOutputs);
    }
}
