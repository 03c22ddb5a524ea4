using Microsoft.Playwright;

namespace GanKit.Tests.Notebooks;

/// <summary>
/// Opens an exported notebook page in headless Chromium (Debian's /usr/bin/chromium driven through
/// Playwright's bundled driver; Playwright never downloads a browser here) and checks that it shows:
/// every image decoded, every Plotly figure drew its SVG, no JavaScript error, and no network request
/// (pages must be self-contained, so requests are blocked and reported).
/// </summary>
public static class BrowserCheck
{
    /// <summary>The browser used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run",
    ];

    /// <summary>Starts headless Chromium (<see cref="ChromiumPath"/>) with the flags every browser test uses.</summary>
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });

    /// <summary>Why the check cannot run on this machine, or null when it can.</summary>
    public static string? WhyUnavailable() =>
        File.Exists(ChromiumPath) ? null : $"{ChromiumPath} is missing; run environment/install-browser";

    /// <summary>Loads <paramref name="htmlPath"/>, waits for figures and images, and reports.</summary>
    /// <param name="htmlPath">The page.</param>
    /// <param name="screenshotPath">Where to save a full-page PNG screenshot, or null.</param>
    /// <param name="timeout">How long figures and images may take to appear.</param>
    public static async Task<BrowserCheckReport> CheckPageAsync(string htmlPath, string? screenshotPath = null, TimeSpan? timeout = null)
    {
        var wait = (float)(timeout ?? TimeSpan.FromSeconds(30)).TotalMilliseconds;
        var errors = new List<string>();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 900 } });
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (errors) { errors.Add("console: " + message.Text); }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors) { errors.Add("page error: " + error); }
        };
        page.RequestFailed += (_, request) =>
        {
            lock (errors) { errors.Add($"request failed: {request.Url} ({request.Failure})"); }
        };
        await page.RouteAsync("**/*", async route =>
        {
            var url = route.Request.Url;
            if (url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                lock (errors) { errors.Add("network request blocked (page is not self-contained): " + url); }
                await route.AbortAsync();
            }
        });

        await page.GotoAsync(new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = wait });
        try
        {
            await page.WaitForFunctionAsync(
                "() => [...document.images].every(i => i.complete) && [...document.querySelectorAll('.gankit-plotly')].every(d => d.querySelector('.main-svg'))",
                null, new PageWaitForFunctionOptions { Timeout = wait, PollingInterval = 100 });
        }
        catch (TimeoutException)
        {
            // Reported below, item by item.
        }

        var images = await page.EvaluateAsync<string[][]>(
            "() => [...document.images].map(i => [i.complete && i.naturalWidth > 0 ? 'ok' : 'broken', i.src.slice(0, 80)])");
        var figures = await page.EvaluateAsync<string[][]>(
            "() => [...document.querySelectorAll('.gankit-plotly')].map(d => [d.querySelector('.main-svg') ? 'ok' : 'undrawn', d.id + ' ' + d.textContent.slice(0, 200)])");
        if (screenshotPath is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(screenshotPath))!);
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshotPath, FullPage = true });
        }
        lock (errors)
        {
            return new BrowserCheckReport(
                images.Length,
                images.Where(i => i[0] != "ok").Select(i => i[1]).ToList(),
                figures.Length,
                figures.Where(f => f[0] != "ok").Select(f => f[1]).ToList(),
                errors.ToList(),
                screenshotPath);
        }
    }
}
