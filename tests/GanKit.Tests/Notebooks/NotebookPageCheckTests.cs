using GanKit.Notebooks;
using GanKit.Tests.Visuals;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace GanKit.Tests.Notebooks;

[Collection(DisplayGlobalsCollection.Name)]
public sealed class NotebookPageCheckTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("gankit-page-check-");

    public void Dispose() => _folder.Delete(recursive: true);

    [BrowserFact]
    public async Task Smoke_notebook_runs_and_its_page_shows_in_chromium()
    {
        var notebook = Path.Combine(TestRepository.NotebookFixturesFolder, "00-smoke.ipynb");
        var (_, report) = await NotebookPageCheck.AssertRunsAndShowsAsync(notebook, output, TimeSpan.FromSeconds(90));
        Assert.Equal(2, report.Figures);
        Assert.True(report.Images >= 10, $"expected the grid's 8 images, the grid PNG and the animation; saw {report.Images}");
        Assert.True(new FileInfo(report.ScreenshotPath!).Length > 10_000);
    }

    [Fact]
    public async Task A_throwing_cell_fails_the_notebook_check_naming_cell_and_line()
    {
        var document = NotebookDocument.CreatePolyglot();
        document.AddMarkdown("# A notebook with a failing cell");
        document.AddCode("var ok = 1;");
        document.AddCode("var x = ok;\nthrow new InvalidOperationException(\"the lesson broke\");");
        document.AddCode("Console.WriteLine(\"never runs\");");
        var path = Path.Combine(_folder.FullName, "failing-cell-example.ipynb");
        document.Save(path);

        var failure = await Assert.ThrowsAnyAsync<XunitException>(() => NotebookPageCheck.AssertRunsAndShowsAsync(path, output));
        Assert.Contains("failing-cell-example.ipynb: cell 3 of 4", failure.Message);
        Assert.Contains("line 2 threw: System.InvalidOperationException: the lesson broke", failure.Message);
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
