using GanKit.Latent;
using GanKit.Tests.Notebooks;
using Microsoft.Playwright;

namespace GanKit.Tests.Latent.InterpolationVideos;

/// <summary>The interpolation APNG as a browser sees it: headless Chromium decodes it and counts its frames.</summary>
public sealed class InterpolationBrowserTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-interpolate-browser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [BrowserFact]
    public async Task ChromiumDecodesEveryFrameOfTheApng()
    {
        var G = InterpolationTestNetwork.G;
        using var path = InterpolationPath.FromSeeds(G, [85, 100, 75], InterpolationSpace.W, 4, loop: true, Easing.Smoothstep);
        var file = Path.Combine(_dir, "loop.png");
        Assert.Equal(12, path.WriteApng(G, file, fps: 12));

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserCheck.LaunchAsync(playwright);
        var page = await browser.NewPageAsync();
        // A file: page is a secure context, which ImageDecoder needs.
        var html = Path.Combine(_dir, "page.html");
        await File.WriteAllTextAsync(html, "<!doctype html><title>apng</title>");
        await page.GotoAsync(new Uri(html).AbsoluteUri);
        // WebCodecs' ImageDecoder is Chromium's own image decoder: it reports the animation track's frame count and
        // decodes each frame, so a broken fdAT or sequence number fails here even where a viewer would show frame 0.
        var result = await page.EvaluateAsync<double[]>(
            """
            async (b64) => {
              const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
              const decoder = new ImageDecoder({ data: bytes, type: 'image/png' });
              await decoder.tracks.ready;
              await decoder.completed;
              const track = decoder.tracks.selectedTrack;
              let decoded = 0, width = 0, height = 0;
              for (let i = 0; i < track.frameCount; i++) {
                const { image } = await decoder.decode({ frameIndex: i });
                width = image.displayWidth; height = image.displayHeight;
                image.close();
                decoded++;
              }
              return [track.animated ? 1 : 0, track.frameCount, decoded, width, height];
            }
            """, Convert.ToBase64String(await File.ReadAllBytesAsync(file)));
        Assert.Equal([1, 12, 12, 32, 32], result);
    }
}
