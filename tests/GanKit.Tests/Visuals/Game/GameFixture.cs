using GanKit.Networks;
using GanKit.Training.Data.Avatars;

namespace GanKit.Tests.Visuals.Game;

/// <summary>
/// What the game tests share: the fixture network (32², from the reference pickle) and two small avatars datasets,
/// 24 faces at 32² and 12 at 64², made once per test class (needs Node.js and environment/setup's npm packages).
/// </summary>
public sealed class GameFixture : IDisposable
{
    public GameFixture()
    {
        Dir = Directory.CreateTempSubdirectory("gankit-game-").FullName;
        Network = Fixtures.Path("network-snapshot.pkl");
        Networks = NetworkFile.Load(Network);
        Avatars32 = Path.Combine(Dir, "avatars32.zip");
        AvatarDataset.Build(new AvatarDatasetOptions(Avatars32, 24, 32, Seed: 5));
        Avatars64 = Path.Combine(Dir, "avatars64.zip");
        AvatarDataset.Build(new AvatarDatasetOptions(Avatars64, 12, 64, Seed: 6));
    }

    public string Dir { get; }

    /// <summary>The reference pickle of the fixture network.</summary>
    public string Network { get; }

    public NetworkSet Networks { get; }

    public string Avatars32 { get; }

    public string Avatars64 { get; }

    public void Dispose()
    {
        Networks.Dispose();
        Directory.Delete(Dir, recursive: true);
    }
}
