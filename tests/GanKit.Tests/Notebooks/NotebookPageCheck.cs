using System.Text.RegularExpressions;
using GanKit.Notebooks;
using Xunit.Abstractions;

namespace GanKit.Tests.Notebooks;

/// <summary>
/// What the suite does with every notebook: run it in the real .NET Interactive kernel through
/// <c>jupyter nbconvert --execute</c> (<see cref="Nbconvert"/>; figures inline the local plotly.js, so the page
/// works offline), take nbconvert's HTML page, open it in headless Chromium and require that every image
/// decoded, every figure drew and no error appeared. The executed notebook, the page, a full-page screenshot and
/// the run log (cell timings) are left in build/test-artifacts/notebooks for people to look at; each notebook's
/// time is also appended to build/test-artifacts/notebook-times.txt, which environment/test prints.
/// </summary>
public static partial class NotebookPageCheck
{
    /// <summary>The longest a notebook may run on a 2-core machine (kernel start and package restore included).</summary>
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    /// <summary>Where the notebook's outputs go: build/test-artifacts/notebooks.</summary>
    public static string OutputFolder => Path.Combine(TestRepository.ArtifactsFolder, "notebooks");

    /// <summary>Runs the notebook in the kernel with figures inlining the local plotly.js.</summary>
    public static Task<NotebookExecution> RunOfflineAsync(string notebookPath, TimeSpan? limit = null) =>
        Nbconvert.ExecuteAsync(notebookPath, OutputFolder, new NbconvertOptions
        {
            OfflinePlotly = true,
            PlotlyBundle = File.Exists(TestRepository.PlotlyBundle) ? TestRepository.PlotlyBundle : null,
            Timeout = limit ?? Limit,
        });

    /// <summary>
    /// Runs the notebook and checks its page in Chromium; fails (naming the notebook, the cell and the error) when a
    /// cell throws or does not compile, when the run exceeds <paramref name="limit"/>, or when the page does not show.
    /// </summary>
    public static async Task<(NotebookExecution Run, BrowserCheckReport Page)> AssertRunsAndShowsAsync(
        string notebookPath, ITestOutputHelper output, TimeSpan? limit = null)
    {
        var file = Path.GetFileName(notebookPath);
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        var result = await RunOfflineAsync(notebookPath, limit);
        var log = new List<string>();
        if (File.Exists(result.ExecutedPath))
        {
            var executed = NotebookDocument.Load(result.ExecutedPath);
            log.AddRange(result.CellTimes.Select(t => $"cell {t.Key + 1}/{executed.Cells.Count} {t.Value.TotalSeconds,6:0.0} s: {executed.Cells[t.Key].FirstLine}"));
        }
        var summary = result.Succeeded
            ? $"{file}: ran in the kernel in {result.Elapsed.TotalSeconds:0.0} s"
            : $"{file}: FAILED after {result.Elapsed.TotalSeconds:0.0} s: {result.Failure}";
        log.Add(summary);
        foreach (var line in log)
        {
            output.WriteLine(line);
        }
        File.WriteAllLines(Path.Combine(OutputFolder, name + ".log"), [.. log, "", "nbconvert:", result.Log]);
        lock (TimesLock)
        {
            File.AppendAllLines(Path.Combine(TestRepository.ArtifactsFolder, "notebook-times.txt"),
                [$"notebook {file}: {result.Elapsed.TotalSeconds:0.0} s{(result.Succeeded ? "" : " (failed)")}"]);
        }
        Assert.True(result.Succeeded, $"{file}: {result.Failure}");
        Assert.NotNull(result.HtmlPath);

        var report = await BrowserCheck.CheckPageAsync(result.HtmlPath!, Path.Combine(OutputFolder, name + ".png"));
        output.WriteLine(report.ToString());
        Assert.True(report.Passed, $"{file}: the page does not show as it should:\n{report}");
        return (result, report);
    }

    /// <summary>
    /// Fails unless every progress bar in the executed notebook ends complete (its text form reads 100%): live
    /// displays must leave their final state in the saved notebook, not the first one.
    /// </summary>
    public static void AssertProgressBarsComplete(NotebookExecution run)
    {
        var executed = NotebookDocument.Load(run.ExecutedPath);
        var bars = executed.Cells
            .SelectMany((cell, index) => cell.Outputs.Select(o => (Index: index, Text: NotebookOutputs.GetData(o, "text/plain"))))
            .Where(o => o.Text is not null && ProgressText().IsMatch(o.Text))
            .ToList();
        foreach (var (index, text) in bars)
        {
            Assert.True(ProgressText().Match(text!).Groups[1].Value == "100",
                $"{Path.GetFileName(run.NotebookPath)}: cell {index + 1} ends with its progress bar at \"{text}\", not at 100%");
        }
    }

    /// <summary>
    /// No cell prints a compiler warning (the kernel writes them to stderr, and they show as red boxes in handouts),
    /// e.g. CS1701, which TorchSharp's <c>torch.tensor</c> overloads raise in this kernel (use <c>torch.from_array</c>).
    /// </summary>
    public static void AssertNoCompilerWarnings(NotebookExecution run)
    {
        var executed = NotebookDocument.Load(run.ExecutedPath);
        var warnings = executed.Cells
            .SelectMany((cell, index) => cell.Outputs
                .Where(o => NotebookOutputs.Kind(o) == "stream" && o["name"]?.GetValue<string>() == "stderr")
                .Select(o => (Index: index, Text: NotebookOutputs.GetStreamText(o))))
            .Where(o => CompilerWarning().IsMatch(o.Text))
            .Select(o => $"cell {o.Index + 1}: {o.Text.Trim()}")
            .ToList();
        Assert.True(warnings.Count == 0, $"{Path.GetFileName(run.NotebookPath)} prints compiler warnings:\n" + string.Join("\n", warnings));
    }

    [GeneratedRegex(@"warning CS\d{4}")]
    private static partial Regex CompilerWarning();

    /// <summary>Number of progress bars in the executed notebook.</summary>
    public static int ProgressBars(NotebookExecution run) =>
        NotebookDocument.Load(run.ExecutedPath).Cells.SelectMany(c => c.Outputs)
            .Count(o => NotebookOutputs.GetData(o, "text/plain") is { } text && ProgressText().IsMatch(text));

    private static readonly Lock TimesLock = new();

    // ProgressDisplay's text form: "label [####......] 40% (40/100) detail".
    [GeneratedRegex(@"\[[#.]{20}\] (\d+)% \(")]
    private static partial Regex ProgressText();
}
