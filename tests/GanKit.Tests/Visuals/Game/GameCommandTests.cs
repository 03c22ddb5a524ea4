using GanKit.Tests.Cli;

namespace GanKit.Tests.Visuals.Game;

/// <summary><c>gankit game</c> through the real command line: a page from a network and a dataset, and clear refusals.</summary>
public sealed class GameCommandTests : IClassFixture<GameFixture>
{
    private readonly GameFixture _f;

    public GameCommandTests(GameFixture fixture) => _f = fixture;

    [Fact]
    public void Writes_a_self_contained_page_with_the_pairs_asked_for()
    {
        var page = Path.Combine(_f.Dir, "out", "game.html");
        var result = CliProcess.Succeeds(_f.Dir, "game", "--network", _f.Network, "--data", _f.Avatars32, "--pairs", "4", "--out", page,
            "--seed", "9", "--psi", "0.5");
        Assert.Contains("4 pairs of 32×32 faces", result.Stdout.Replace("\n", " ", StringComparison.Ordinal));
        var html = File.ReadAllText(page);
        Assert.StartsWith("<!doctype html>", html);
        Assert.Equal(4, System.Text.RegularExpressions.Regex.Matches(html, "class=\"gk-round\"").Count);
        Assert.Contains("ψ 0.5 · seed 9", html);
    }

    [Fact]
    public void Refuses_bad_pairs_too_small_a_dataset_and_missing_files_by_name()
    {
        var page = Path.Combine(_f.Dir, "refused.html");
        CliProcess.FailsCleanly(_f.Dir, ["game", "--network", _f.Network, "--data", _f.Avatars32, "--pairs", "0", "--out", page],
            "--pairs must be at least 1, got 0");
        CliProcess.FailsCleanly(_f.Dir, ["game", "--network", _f.Network, "--data", _f.Avatars64, "--pairs", "20", "--out", page],
            "avatars64.zip' holds 12 image(s)", "20 pairs");
        var noData = Path.Combine(_f.Dir, "no-such-data.zip");
        CliProcess.FailsCleanly(_f.Dir, ["game", "--network", _f.Network, "--data", noData, "--out", page], noData, "does not exist");
        var noNetwork = Path.Combine(_f.Dir, "no-such-network.pkl");
        CliProcess.FailsCleanly(_f.Dir, ["game", "--network", noNetwork, "--data", _f.Avatars32, "--out", page], noNetwork, "does not exist");
        Assert.False(File.Exists(page));
    }
}
