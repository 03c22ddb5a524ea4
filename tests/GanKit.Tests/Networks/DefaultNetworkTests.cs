using GanKit.Imaging;
using GanKit.Networks;
using GanKit.Tests.Cli;

namespace GanKit.Tests.Networks;

/// <summary>The network used when none is named: the shipped avatars network, another file by environment, or the untrained fallback that says so.</summary>
public sealed class DefaultNetworkTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-default-network-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Without_a_network_the_commands_use_the_default_and_say_which()
    {
        var result = CliProcess.Succeeds(_dir, "generate", "--seeds", "0", "--outdir", "out");
        var image = RgbImage.Load(Path.Combine(_dir, "out", "seed0000.png"));
        if (DefaultNetwork.HasTrainedNetwork)
        {
            Assert.Contains("avatars network", result.Output);
            Assert.Equal(32, image.Width);
        }
        else
        {
            Assert.Contains("warning: using GanKit's untrained demo network", result.Output);
            Assert.Contains("name a network with --network", result.Output);
        }
    }

    [Fact]
    public void GANKIT_DEFAULT_NETWORK_names_another_file_and_gives_its_images()
    {
        var network = Fixtures.Path("network-snapshot.pkl");
        CliProcess.Succeeds(_dir, "generate", "--network", network, "--seeds", "5", "--outdir", "named");
        var result = CliProcess.RunWith(new Dictionary<string, string?> { [DefaultNetwork.Variable] = network }, _dir,
            "generate", "--seeds", "5", "--outdir", "default");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllBytes(Path.Combine(_dir, "named", "seed0005.png")), File.ReadAllBytes(Path.Combine(_dir, "default", "seed0005.png")));
        Assert.DoesNotContain("warning", result.Output);
    }

    [Fact]
    public void The_shipped_file_is_a_network_of_the_stated_size_when_present()
    {
        var path = DefaultNetwork.ShippedFile();
        if (path is null)
        {
            Assert.False(DefaultNetwork.HasTrainedNetwork);
            using var fallback = DefaultNetwork.Load();
            Assert.Equal(DefaultNetwork.FallbackSource, fallback.Source);
            return;
        }
        using var set = NetworkFile.Load(path);
        Assert.Equal(32, set.G_ema.Config.ImgResolution);
        Assert.True(new FileInfo(path).Length < 25 << 20, "the shipped network must stay under 25 MB");
        Assert.Equal(path, DefaultNetwork.ShippedFile()); // written once, then reused
    }
}
