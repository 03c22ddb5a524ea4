using GanKit.Tests.Notebooks;
using GanKit.Visuals.Game;
using Microsoft.Playwright;

namespace GanKit.Tests.Visuals.Game;

/// <summary>
/// The game played in headless Chromium: the test clicks through ten pairs, choosing the real face in some rounds and
/// the fake in others from the answers the library returned (never from the page's own data), then reads the score
/// the page shows and its reveal. Played once as is and once offline with every request aborted. Screenshots of the
/// game mid-way and at the end go to build/test-artifacts/game.
/// </summary>
public sealed class WhichFaceIsRealBrowserTests : IClassFixture<GameFixture>
{
    private readonly GameFixture _f;

    public WhichFaceIsRealBrowserTests(GameFixture fixture) => _f = fixture;

    [ChromiumTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Clicking_through_ten_pairs_scores_them_and_reveals_every_answer(bool networkBlocked)
    {
        var game = WhichFaceIsReal.Create(_f.Networks.G_ema, _f.Avatars32, new WhichFaceIsRealOptions(10, Seed: 21));
        var file = Path.Combine(_f.Dir, $"game-{networkBlocked}.html");
        game.Save(file);
        // Pick the real face in rounds 1, 2, 4, 5, 7, 8 and 10, the fake in 3, 6 and 9: 7 of 10.
        var pickReal = Enumerable.Range(0, 10).Select(i => i % 3 != 2).ToArray();
        var expected = pickReal.Count(p => p);
        var shots = Directory.CreateDirectory(Path.Combine(TestRepository.ArtifactsFolder, "game")).FullName;

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserCheck.LaunchAsync(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 900, Height = 900 },
            Offline = networkBlocked,
        });
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.PageError += (_, error) => { lock (problems) problems.Add("page error: " + error); };
        page.Console += (_, message) => { if (message.Type == "error") lock (problems) problems.Add("console: " + message.Text); };
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith("file:", StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                lock (problems) problems.Add("request: " + request.Url);
        };
        if (networkBlocked)
        {
            // Everything but the page itself is aborted: the game must not need anything else.
            var pageUrl = new Uri(file).AbsoluteUri;
            await page.RouteAsync("**/*", route => route.Request.Url == pageUrl ? route.ContinueAsync() : route.AbortAsync());
        }
        await page.GotoAsync(new Uri(file).AbsoluteUri);

        var hits = 0;
        for (var i = 0; i < 10; i++)
        {
            var pair = game.Pairs[i];
            var round = page.Locator($".gk-round[data-round=\"{i + 1}\"]");
            await round.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 10_000 });
            var realSide = pair.RealOnLeft ? "left" : "right";
            var side = pickReal[i] ? realSide : pair.RealOnLeft ? "right" : "left";
            await round.Locator($".gk-face[data-side=\"{side}\"]").ClickAsync();
            if (pickReal[i]) hits++;
            Assert.Equal(hits.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator(".gk-points").TextContentAsync());
            Assert.Equal(pickReal[i] ? "REAL" : "FAKE", await round.Locator($".gk-face[data-side=\"{side}\"] .gk-badge").TextContentAsync());
            if (i == 3 && !networkBlocked)
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "mid-game.png"), FullPage = true });
            await page.Locator(".gk-next").ClickAsync();
        }

        await page.Locator(".gk-reveal").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible, Timeout = 10_000 });
        Assert.Equal($"{expected} / 10", await page.Locator(".gk-final-score").TextContentAsync());
        var answers = page.Locator(".gk-answer");
        Assert.Equal(10, await answers.CountAsync());
        for (var i = 0; i < 10; i++)
        {
            var pair = game.Pairs[i];
            var answer = answers.Nth(i);
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await answer.GetAttributeAsync("data-round"));
            Assert.Contains(pickReal[i] ? "gk-hit" : "gk-miss", await answer.GetAttributeAsync("class"));
            var realSide = pair.RealOnLeft ? "left" : "right";
            Assert.Equal([$"REAL ({realSide})", $"FAKE ({(pair.RealOnLeft ? "right" : "left")})"], await answer.Locator("figcaption").AllTextContentsAsync());
            Assert.Equal(pair.Notes, await answer.Locator(".gk-why li").AllTextContentsAsync());
            Assert.Contains($"seed {pair.FakeSeed}", await answer.Locator(".gk-meta").TextContentAsync());
            // The reveal shows the very images of the round, decoded.
            var widths = await answer.Locator("img").EvaluateAllAsync<int[]>("imgs => imgs.map(i => i.complete ? i.naturalWidth : 0)");
            Assert.Equal([32, 32], widths);
        }
        if (!networkBlocked)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "end.png"), FullPage = true });
        lock (problems) Assert.Empty(problems);
    }

    [ChromiumTheory]
    [InlineData(3)]
    public async Task Arrow_keys_pick_after_next_and_play_again_starts_over(int pairs)
    {
        var game = WhichFaceIsReal.Create(_f.Networks.G_ema, _f.Avatars32, new WhichFaceIsRealOptions(pairs, Seed: 2));
        var file = Path.Combine(_f.Dir, "keys.html");
        game.Save(file);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserCheck.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(file).AbsoluteUri);
        // Round 1 by click (the real face), then rounds 2.. by arrow keys (the real face too), Next by click each time.
        await page.Locator($".gk-round[data-round=\"1\"] .gk-face[data-side=\"{(game.Pairs[0].RealOnLeft ? "left" : "right")}\"]").ClickAsync();
        for (var i = 1; i < pairs; i++)
        {
            await page.Locator(".gk-next").ClickAsync();
            await page.Keyboard.PressAsync(game.Pairs[i].RealOnLeft ? "ArrowLeft" : "ArrowRight");
            Assert.Equal((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator(".gk-points").TextContentAsync());
        }
        await page.Locator(".gk-next").ClickAsync();
        Assert.Equal($"{pairs} / {pairs}", await page.Locator(".gk-final-score").TextContentAsync());

        await page.Locator(".gk-again").ClickAsync();
        Assert.Equal("0", await page.Locator(".gk-points").TextContentAsync());
        Assert.True(await page.Locator(".gk-round[data-round=\"1\"]").IsVisibleAsync());
        Assert.False(await page.Locator(".gk-reveal").IsVisibleAsync());
        Assert.Equal(0, await page.Locator(".gk-face:disabled").CountAsync());
    }
}
