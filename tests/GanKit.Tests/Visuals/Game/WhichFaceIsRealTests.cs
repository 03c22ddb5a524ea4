using System.Text.RegularExpressions;
using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Visuals.Game;

namespace GanKit.Tests.Visuals.Game;

/// <summary>The game's draw (reals, fakes by the seed contract, sides), its page and its refusals, without a browser.</summary>
public sealed class WhichFaceIsRealTests : IClassFixture<GameFixture>
{
    private readonly GameFixture _f;

    public WhichFaceIsRealTests(GameFixture fixture) => _f = fixture;

    [Fact]
    public void Pairs_hold_distinct_real_files_and_the_fakes_of_their_seeds_on_both_sides()
    {
        var game = WhichFaceIsReal.Create(_f.Networks.G_ema, _f.Avatars32, new WhichFaceIsRealOptions(10, Seed: 3, Psi: 0.5));
        Assert.Equal(10, game.Pairs.Count);
        Assert.Equal(32, game.ImageSize);
        Assert.Equal(Enumerable.Range(1, 10), game.Pairs.Select(p => p.Number));
        Assert.Equal(10, game.Pairs.Select(p => p.RealSource).Distinct().Count());
        Assert.Equal(10, game.Pairs.Select(p => p.FakeSeed).Distinct().Count());
        Assert.Contains(game.Pairs, p => p.RealOnLeft);
        Assert.Contains(game.Pairs, p => !p.RealOnLeft);

        // Each fake is exactly what the seed contract gives at the game's ψ, and each real is the dataset's file.
        using var scope = torch.NewDisposeScope();
        var expected = TensorImageConversion.ToImages(_f.Networks.G_ema.Generate(game.Pairs.Select(p => p.FakeSeed).ToArray(), 0.5));
        using var zip = System.IO.Compression.ZipFile.OpenRead(_f.Avatars32);
        for (var i = 0; i < 10; i++)
        {
            var pair = game.Pairs[i];
            Assert.True(expected[i].Pixels.SequenceEqual(pair.Fake.Pixels), $"pair {pair.Number}: fake differs from seed {pair.FakeSeed}");
            using var stream = zip.GetEntry(pair.RealSource)!.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            Assert.True(RgbImage.FromBytes(memory.ToArray()).Pixels.SequenceEqual(pair.Real.Pixels), $"pair {pair.Number}: real is not {pair.RealSource}");
            Assert.Same(pair.RealOnLeft ? pair.Real : pair.Fake, pair.Left);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_page_and_another_seed_another_game()
    {
        var G = _f.Networks.G_ema;
        var a = WhichFaceIsReal.Create(G, _f.Avatars32, new WhichFaceIsRealOptions(6, Seed: 11));
        var b = WhichFaceIsReal.Create(G, _f.Avatars32, new WhichFaceIsRealOptions(6, Seed: 11));
        var c = WhichFaceIsReal.Create(G, _f.Avatars32, new WhichFaceIsRealOptions(6, Seed: 12));
        Assert.Equal(a.ToPage(), b.ToPage());
        Assert.NotEqual(a.Pairs.Select(p => p.RealSource), c.Pairs.Select(p => p.RealSource));
        Assert.NotEqual(a.Pairs.Select(p => p.FakeSeed), c.Pairs.Select(p => p.FakeSeed));
    }

    [Fact]
    public void Reals_larger_than_the_network_are_brought_to_its_size()
    {
        var game = WhichFaceIsReal.Create(_f.Networks.G_ema, _f.Avatars64, new WhichFaceIsRealOptions(4));
        Assert.Equal(32, game.ImageSize);
        Assert.All(game.Pairs, p => Assert.Equal((32, 32, 32, 32), (p.Real.Width, p.Real.Height, p.Fake.Width, p.Fake.Height)));
        Assert.Equal(32 * 9, game.DisplaySize); // scaled up by a whole factor, to about 300 screen pixels
    }

    [Fact]
    public void The_page_and_the_fragment_are_self_contained()
    {
        var game = WhichFaceIsReal.Create(_f.Networks.G_ema, _f.Avatars32, new WhichFaceIsRealOptions(5));
        var page = game.ToPage();
        foreach (var html in new[] { page, game.ToHtml() })
        {
            Assert.DoesNotMatch(new Regex(@"(src|href|action|srcset)\s*=\s*[""']?\s*(https?:)?//", RegexOptions.IgnoreCase), html);
            Assert.DoesNotMatch(new Regex(@"url\(\s*[""']?\s*(https?:)?//|@import|fetch\(|XMLHttpRequest|WebSocket", RegexOptions.IgnoreCase), html);
            Assert.Equal(10, Regex.Matches(html, "<img src=\"data:image/png;base64,").Count);
        }
        Assert.Contains("Content-Security-Policy\" content=\"default-src 'none'", page);
    }

    [Fact]
    public void Shows_inline_in_notebooks_as_html()
    {
        var attribute = typeof(WhichFaceIsReal).GetCustomAttributes(false).Single(a => a.GetType().Name == "TypeFormatterSourceAttribute");
        var preferred = (string[])attribute.GetType().GetProperty("PreferredMimeTypes")!.GetValue(attribute)!;
        Assert.Equal("text/html", preferred[0]);
        var game = WhichFaceIsReal.Create(_f.Networks.G_ema, _f.Avatars32, new WhichFaceIsRealOptions(2));
        Assert.StartsWith("<div class=\"gk-game", game.ToHtml());
        Assert.Contains("2 pairs of 32x32 faces from avatars32", game.ToString());
    }

    [Fact]
    public void Refusals_name_what_is_wrong()
    {
        var G = _f.Networks.G_ema;
        var zero = Assert.Throws<ArgumentOutOfRangeException>(() => WhichFaceIsReal.Create(G, _f.Avatars32, new WhichFaceIsRealOptions(0)));
        Assert.Contains("at least 1 pair", zero.Message);
        var few = Assert.Throws<ArgumentException>(() => WhichFaceIsReal.Create(G, _f.Avatars64, new WhichFaceIsRealOptions(13)));
        Assert.Contains("avatars64.zip' holds 12 image(s)", few.Message);
        Assert.Contains("13 pairs", few.Message);
        var missing = Path.Combine(_f.Dir, "nowhere.zip");
        var absent = Assert.Throws<FileNotFoundException>(() => WhichFaceIsReal.Create(G, missing));
        Assert.Contains(missing, absent.Message);
    }
}
