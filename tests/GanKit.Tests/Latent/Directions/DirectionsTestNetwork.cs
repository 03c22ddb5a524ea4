using GanKit.Latent;
using GanKit.Networks;

namespace GanKit.Tests.Latent.Directions;

/// <summary>The shared small network (the NVIDIA snapshot fixture), loaded once for the directions tests.</summary>
internal static class DirectionsTestNetwork
{
    private static readonly Lazy<NetworkSet> Set = new(() => NetworkFile.Load(Fixtures.Path("network-snapshot.pkl")));

    public static string Path => Fixtures.Path("network-snapshot.pkl");

    public static Generator G => Set.Value.G_ema;

    /// <summary>ws of seeds 0…n−1 at ψ = 1, one row per seed, [n, w_dim] float64.</summary>
    public static Tensor Ws(int n)
    {
        var seeds = Enumerable.Range(0, n).Select(s => (uint)s).ToArray();
        using var scope = torch.NewDisposeScope();
        return G.SeedsToWs(seeds).select(1, 0).to(ScalarType.Float64).MoveToOuterDisposeScope();
    }
}
