using GanKit.Notebooks;
using GanKit.Visuals.Plotly;
using Xunit.Abstractions;

namespace GanKit.Tests.Notebooks;

/// <summary>
/// What the suite does with every notebook: run it headless through <see cref="NotebookRunner"/> (figures
/// inlining the local plotly.js, so the page works offline), export the HTML page, open it in headless
/// Chromium and require that every image decoded, every figure drew and no error appeared. The page, a
/// full-page screenshot and the run log (cell timings) are left in build/test-artifacts for people to look at.
/// </summary>
public static class NotebookPageCheck
{
    /// <summary>The longest a notebook may run on a 2-core machine.</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>Runs the notebook with figures inlining the local plotly.js; <paramref name="log"/> receives a line per cell.</summary>
    public static async Task<NotebookRunResult> RunOfflineAsync(string notebookPath, TimeSpan? limit = null, Action<string>? log = null)
    {
        var previousBundle = PlotlyJs.BundlePath;
        try
        {
            // No internet here: figures inline the local plotly.js.
            PlotlyJs.BundlePath = TestRepository.PlotlyBundle;
            return await NotebookRunner.RunFileAsync(notebookPath, new NotebookRunOptions
            {
                OfflinePlotly = true,
                // Tests share the process; cells must not rely on the current directory.
                UseNotebookFolderAsCurrentDirectory = false,
                Timeout = limit ?? Limit,
                Log = log,
            });
        }
        finally
        {
            PlotlyJs.BundlePath = previousBundle;
        }
    }

    /// <summary>
    /// Runs the notebook and checks its page in Chromium; fails (naming the cell, its line and the error) when a
    /// cell throws or does not compile, when the run exceeds <paramref name="limit"/>, or when the page does not show.
    /// </summary>
    public static async Task<(NotebookRunResult Run, BrowserCheckReport Page)> AssertRunsAndShowsAsync(
        string notebookPath, ITestOutputHelper output, TimeSpan? limit = null)
    {
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        var log = new List<string>();
        var result = await RunOfflineAsync(notebookPath, limit, log.Add);
        var summary = result.Succeeded
            ? $"{name}: {result.CellsRun} code cells ran in {result.Elapsed.TotalSeconds:0.0} s"
            : $"{name}: FAILED after {result.Elapsed.TotalSeconds:0.0} s: {result.Failure}";
        log.Add(summary);
        foreach (var line in log)
        {
            output.WriteLine(line);
        }

        // Written even when a cell failed: the page shows the error output in place.
        var page = Path.Combine(TestRepository.ArtifactsFolder, name + ".html");
        NotebookHtmlExporter.Save(result.Notebook, page);
        File.WriteAllLines(Path.Combine(TestRepository.ArtifactsFolder, name + ".log"), log);
        Assert.True(result.Succeeded, $"{Path.GetFileName(notebookPath)}: {result.Failure}");

        var report = await BrowserCheck.CheckPageAsync(page, Path.Combine(TestRepository.ArtifactsFolder, name + ".png"));
        output.WriteLine(report.ToString());
        Assert.True(report.Passed, $"{Path.GetFileName(notebookPath)}: the page does not show as it should:\n{report}");
        return (result, report);
    }
}
