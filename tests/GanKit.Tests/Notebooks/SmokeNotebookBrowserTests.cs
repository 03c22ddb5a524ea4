using GanKit.Notebooks;
using GanKit.Tests.Visuals;
using GanKit.Visuals.Plotly;
using Xunit.Abstractions;

namespace GanKit.Tests.Notebooks;

[Collection(DisplayGlobalsCollection.Name)]
public sealed class SmokeNotebookBrowserTests(ITestOutputHelper output)
{
    [BrowserFact]
    public async Task Smoke_notebook_runs_and_its_page_shows_in_chromium()
    {
        var notebook = Path.Combine(TestRepository.NotebooksFolder, "00-smoke.ipynb");
        var previousBundle = PlotlyJs.BundlePath;
        NotebookRunResult result;
        try
        {
            // No internet here: figures inline the local plotly.js.
            PlotlyJs.BundlePath = TestRepository.PlotlyBundle;
            result = await NotebookRunner.RunFileAsync(notebook, new NotebookRunOptions
            {
                OfflinePlotly = true,
                UseNotebookFolderAsCurrentDirectory = false,
                Timeout = TimeSpan.FromSeconds(90),
            });
        }
        finally
        {
            PlotlyJs.BundlePath = previousBundle;
        }
        Assert.True(result.Succeeded, result.Failure?.ToString());

        var page = Path.Combine(TestRepository.ArtifactsFolder, "00-smoke.html");
        var screenshot = Path.Combine(TestRepository.ArtifactsFolder, "00-smoke.png");
        NotebookHtmlExporter.Save(result.Notebook, page);
        var report = await BrowserCheck.CheckPageAsync(page, screenshot);
        output.WriteLine(report.ToString());

        Assert.True(report.Passed, report.ToString());
        Assert.Equal(2, report.Figures);
        Assert.True(report.Images >= 10, $"expected the grid's 8 images, the grid PNG and the animation; saw {report.Images}");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
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
