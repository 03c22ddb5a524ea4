using GanKit.Notebooks;
using GanKit.Tests.Visuals;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace GanKit.Tests.Notebooks;

[Collection(DisplayGlobalsCollection.Name)]
public sealed class NotebookPageCheckTests(ITestOutputHelper output)
{
    /// <summary>
    /// The first cell of a notebook a test writes: GanKit from the local package, as in the lessons. A <c>using</c>
    /// does not load an assembly; the call to a GanKit type does, and GanKit's initializer prepares libtorch before
    /// any cell calls TorchSharp.
    /// </summary>
    internal static string SetupCell =>
        $"#r \"nuget: GanKit, {TestRepository.LocalGanKitVersion}\"\nusing GanKit.Imaging;\nusing GanKit.Visuals;\nusing GanKit.Visuals.Plotly;\n" +
        "GanKit.Torch.TorchRuntime.EnsureInitialized();";

    [BrowserFact]
    public async Task Smoke_notebook_runs_in_the_kernel_and_its_page_shows_in_chromium()
    {
        var notebook = Path.Combine(TestRepository.NotebookFixturesFolder, "00-smoke.ipynb");
        var (run, report) = await NotebookPageCheck.AssertRunsAndShowsAsync(notebook, output, TimeSpan.FromSeconds(180));
        Assert.Equal(2, report.Figures);
        Assert.True(report.Images >= 10, $"expected the grid's 8 images, the grid PNG and the animation; saw {report.Images}");
        Assert.True(new FileInfo(report.ScreenshotPath!).Length > 10_000);
        Assert.Equal(1, NotebookPageCheck.ProgressBars(run));
        NotebookPageCheck.AssertProgressBarsComplete(run);
    }

    [Fact]
    public async Task A_throwing_cell_fails_the_notebook_check_naming_notebook_cell_and_error()
    {
        // A deliberately broken copy of a lesson's shape: setup, a working cell, a throwing cell, a cell after it.
        var document = NotebookDocument.CreatePolyglot();
        document.AddMarkdown("# A notebook with a failing cell");
        document.AddCode(SetupCell);
        document.AddCode("var ok = 1;");
        document.AddCode("var x = ok;\nthrow new InvalidOperationException(\"the lesson broke\");");
        document.AddCode("Console.WriteLine(\"after the failure\");");
        var path = Path.Combine(TestRepository.NewNotebookFolder("failing"), "failing-cell-example.ipynb");
        document.Save(path);

        var failure = await Assert.ThrowsAnyAsync<XunitException>(() => NotebookPageCheck.AssertRunsAndShowsAsync(path, output, TimeSpan.FromSeconds(180)));
        Assert.Contains("failing-cell-example.ipynb: cell 4 of 5 (index 3: `var x = ok;`) failed: System.InvalidOperationException: the lesson broke", failure.Message);
    }

    [Fact]
    public void A_cell_that_does_not_compile_is_named_with_the_compilers_message()
    {
        // The kernel reports a compilation error as an error output "compilation error" after the diagnostics on stderr.
        var document = NotebookDocument.CreatePolyglot();
        document.AddCode("var fine = 1;");
        var broken = document.AddCode("var y = undefinedName;");
        broken.Outputs.Add(NotebookOutputs.Stream("stderr", "\n(1,9): error CS0103: The name 'undefinedName' does not exist in the current context\n\n"));
        broken.Outputs.Add(new System.Text.Json.Nodes.JsonObject
        {
            ["ename"] = "Error", ["evalue"] = "compilation error", ["output_type"] = "error", ["traceback"] = new System.Text.Json.Nodes.JsonArray(),
        });
        var failure = Nbconvert.FirstFailure(document);
        Assert.NotNull(failure);
        Assert.Equal("cell 2 of 2 (index 1: `var y = undefinedName;`) failed: compilation error: (1,9): error CS0103: The name 'undefinedName' does not exist in the current context",
            failure.ToString());
        Assert.Null(Nbconvert.FirstFailure(NotebookDocument.CreatePolyglot()));
    }

    [BrowserFact]
    public async Task Check_reports_broken_images_undrawn_figures_errors_and_network_use()
    {
        var page = Path.Combine(TestRepository.ArtifactsFolder, "broken-page.html");
        File.WriteAllText(page, """
            <!DOCTYPE html><html><body>
            <img src="data:image/png;base64,AAAA">
            <div class="gankit-plotly" id="empty"></div>
            <script src="https://cdn.example.invalid/lib.js"></script>
            <script>undefinedFunction();</script>
            </body></html>
            """);
        var report = await BrowserCheck.CheckPageAsync(page, timeout: TimeSpan.FromSeconds(2));
        Assert.False(report.Passed);
        Assert.Single(report.BrokenImages);
        Assert.Equal(["empty "], report.UndrawnFigures);
        Assert.Contains(report.Errors, e => e.Contains("undefinedFunction"));
        Assert.Contains(report.Errors, e => e.Contains("cdn.example.invalid"));
    }
}
