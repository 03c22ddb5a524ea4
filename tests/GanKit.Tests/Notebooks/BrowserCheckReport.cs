namespace GanKit.Tests.Notebooks;

/// <summary>What a headless browser found on a page.</summary>
/// <param name="Images">Number of &lt;img&gt; elements.</param>
/// <param name="BrokenImages">Images that did not decode (naturalWidth 0), by the start of their source.</param>
/// <param name="Figures">Number of GanKit Plotly figure divs.</param>
/// <param name="UndrawnFigures">Figure divs without a drawn <c>.main-svg</c>, by id.</param>
/// <param name="Errors">Console errors, uncaught page errors, and blocked or failed network requests.</param>
/// <param name="ScreenshotPath">Where the full-page screenshot was saved, or null.</param>
public sealed record BrowserCheckReport(
    int Images,
    IReadOnlyList<string> BrokenImages,
    int Figures,
    IReadOnlyList<string> UndrawnFigures,
    IReadOnlyList<string> Errors,
    string? ScreenshotPath)
{
    /// <summary>Every image decoded, every figure drew, nothing went wrong.</summary>
    public bool Passed => BrokenImages.Count == 0 && UndrawnFigures.Count == 0 && Errors.Count == 0;

    /// <summary>A summary listing each problem.</summary>
    public override string ToString()
    {
        var lines = new List<string> { $"{Images - BrokenImages.Count}/{Images} images decoded, {Figures - UndrawnFigures.Count}/{Figures} figures drawn, {Errors.Count} errors" };
        lines.AddRange(BrokenImages.Select(i => "broken image: " + i));
        lines.AddRange(UndrawnFigures.Select(f => "figure not drawn: " + f));
        lines.AddRange(Errors.Select(e => "error: " + e));
        if (ScreenshotPath is not null)
        {
            lines.Add("screenshot: " + ScreenshotPath);
        }
        return string.Join("\n", lines);
    }
}
