using GanKit.Formats.Numpy;
using GanKit.Latent.Projection;
using GanKit.Torch;

namespace GanKit.Tests.Latent.Projection;

public sealed class ProjectedLatentFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-projection-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static ProjectionResult Result(Tensor w) =>
        new(ProjectionSpace.WPlus, w, torch.zeros(1, 3, 4, 4), [3, 2, 1], [], TimeSpan.Zero);

    [Fact]
    public void ProjectedWNpzWrittenByGanKitReadsBackIdentically()
    {
        using var result = Result(torch.randn([1, 8, 64], generator: new torch.Generator(5)));
        var npz = Path.Combine(_dir, "projected_w.npz");
        result.SaveW(npz);
        using var back = ProjectedLatents.Load(npz, numWs: 8, wDim: 64);
        Assert.True(back.equal(result.W).all().item<bool>(), "npz round trip changed w");

        var st = Path.Combine(_dir, "projected_w.safetensors");
        result.SaveW(st);
        var tensors = Safetensors.ReadTensors(st, out var metadata);
        Assert.True(tensors["w"].equal(result.W).all().item<bool>(), "safetensors round trip changed w");
        Assert.Equal("wplus", metadata["space"]);
        Assert.Equal("3", metadata["steps"]);
    }

    [Fact]
    public void ProjectedWNpzWrittenByNumpyIsRead()
    {
        // numpy.savez("numpy_projected_w.npz", w=...) with w[0, i, j] = i - j / 64 (make_fixtures.py).
        using var w = ProjectedLatents.Load(ProjectionFixtures.Path("numpy_projected_w.npz"), numWs: 8, wDim: 64);
        Assert.Equal(new long[] { 1, 8, 64 }, w.shape);
        var values = w.data<float>().ToArray();
        for (var i = 0; i < 8; i++)
        for (var j = 0; j < 64; j++)
            Assert.Equal((float)(i - j / 64.0), values[i * 64 + j]);
    }

    [Fact]
    public void SaveWRefusesOtherExtensions()
    {
        using var result = Result(torch.zeros(1, 8, 64));
        var e = Assert.Throws<ArgumentException>(() => result.SaveW(Path.Combine(_dir, "w.txt")));
        Assert.Contains(".npz or .safetensors", e.Message);
    }
}
