using GanKit.Formats.Numpy;
using GanKit.Torch;

namespace GanKit.Tests.Formats.Numpy;

public sealed class ProjectedLatentsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-projected-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void SavesTheReferenceLayoutAndLoadsItBack()
    {
        using var w = torch.randn(18, 512, ScalarType.Float64);
        var path = Path.Combine(_dir, "projected_w.npz");
        ProjectedLatents.Save(path, w);

        var arrays = Npz.Read(path);
        Assert.Equal(new[] { "w" }, arrays.Keys);
        Assert.Equal(ScalarType.Float32, arrays["w"].DType);
        Assert.Equal(new long[] { 1, 18, 512 }, arrays["w"].Shape);

        using var back = ProjectedLatents.Load(path, numWs: 18, wDim: 512);
        Assert.Equal(new long[] { 1, 18, 512 }, back.shape);
        Assert.Equal(ScalarType.Float32, back.dtype);
        using var expected = w.to(ScalarType.Float32).unsqueeze(0);
        Assert.True(back.equal(expected).all().item<bool>());
    }

    [Fact]
    public void ChecksTheShapeAgainstTheGenerator()
    {
        var path = Path.Combine(_dir, "projected_w.npz");
        using (var w = torch.zeros(1, 14, 512))
            ProjectedLatents.Save(path, w);
        var e = Assert.Throws<GanKitFormatException>(() => ProjectedLatents.Load(path, numWs: 18, wDim: 512));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("num_ws = 14, but the generator has 18", e.Problem);
        Assert.Contains("w_dim = 512, but the generator has 256",
            Assert.Throws<GanKitFormatException>(() => ProjectedLatents.Load(path, wDim: 256)).Problem);
    }

    [Fact]
    public void RefusesArchivesWithoutW()
    {
        var path = Path.Combine(_dir, "other.npz");
        Npz.Write(path, new Dictionary<string, RawTensor> { ["z"] = new(ScalarType.Float32, [1, 512], new byte[2048]) });
        var e = Assert.Throws<GanKitFormatException>(() => ProjectedLatents.Load(path));
        Assert.Contains("no array 'w'", e.Problem);
        Assert.Contains("'z'", e.Problem);
        using var bad = torch.zeros(512);
        Assert.Throws<ArgumentException>(() => ProjectedLatents.Save(path, bad));
    }
}
