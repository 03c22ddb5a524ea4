using System.Text;
using GanKit.Formats.Numpy;
using GanKit.Latent.Directions;
using GanKit.Torch;

namespace GanKit.Tests.Latent.Directions;

public sealed class DirectionSetNpzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-directions-npz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static DirectionSet Sample() => new(
        [[3, 4, 0], [0, 0, 2]], [5.5, 1.25], [0.5, -1, 2], [2.25, 0.75], "sefa", 9.875, samples: 1234,
        networkHash: "ab12", layers: "0-3");

    [Fact]
    public void RoundTripsThroughNpz()
    {
        var path = Path.Combine(_dir, "dirs.npz");
        Sample().Save(path);
        var back = DirectionSet.Load(path);
        Assert.Equal(2, back.Count);
        Assert.Equal(3, back.WDim);
        Assert.Equal(new[] { 0.6, 0.8, 0 }, back.Directions[0].Select(v => Math.Round(v, 6)));
        Assert.Equal(new[] { 0.0, 0, 1 }, back.Directions[1]);
        Assert.Equal(new[] { 5.5, 1.25 }, back.ExplainedVariance);
        Assert.Equal(new[] { 0.5, -1, 2 }, back.Mean);
        Assert.Equal(new[] { 2.25, 0.75 }, back.Stdev);
        Assert.Equal("sefa", back.Method);
        Assert.Equal(9.875, back.TotalVariance);
        Assert.Equal(1234, back.Samples);
        Assert.Equal("ab12", back.NetworkHash);
        Assert.Equal("0-3", back.Layers);
    }

    [Fact]
    public void NpzHoldsPlainNumericArraysForNumPy()
    {
        var path = Path.Combine(_dir, "dirs.NPZ");
        Sample().Save(path);
        var arrays = Npz.Read(path);
        Assert.Equal(ScalarType.Float32, arrays["directions"].DType);
        Assert.Equal(new long[] { 2, 3 }, arrays["directions"].Shape);
        Assert.Equal(new long[] { 2 }, arrays["explained_variance"].Shape);
        Assert.Equal(new long[] { 3 }, arrays["mean"].Shape);
        Assert.Equal(new long[] { 2 }, arrays["stdev"].Shape);
        Assert.Equal(ScalarType.Float64, arrays["total_variance"].DType);
        Assert.Empty(arrays["total_variance"].Shape);
        Assert.Equal(ScalarType.Int64, arrays["samples"].DType);
        Assert.Equal("sefa", Encoding.UTF8.GetString(arrays["method"].Data));
        Assert.Equal(ScalarType.Byte, arrays["method"].DType);
    }

    [Fact]
    public void ReadsAMinimalArchiveFromOtherTools()
    {
        // Only the four arrays, as a NumPy user would save them: the method is unknown and total variance is their sum.
        var path = Path.Combine(_dir, "plain.npz");
        static RawTensor F(long[] shape, params float[] v) => new(ScalarType.Float32, shape, v.SelectMany(BitConverter.GetBytes).ToArray());
        Npz.Write(path, new Dictionary<string, RawTensor>
        {
            ["directions"] = F([1, 2], 1, 0),
            ["explained_variance"] = F([1], 4),
            ["mean"] = F([2], 0, 0),
            ["stdev"] = F([1], 2),
        }, compress: true);
        var set = DirectionSet.Load(path);
        Assert.Equal("unknown", set.Method);
        Assert.Equal(4, set.TotalVariance);
        Assert.Equal(0, set.Samples);
    }

    [Fact]
    public void MissingArraysNameTheFile()
    {
        var path = Path.Combine(_dir, "w.npz");
        Npz.Write(path, new Dictionary<string, RawTensor> { ["w"] = new(ScalarType.Float32, [1], new byte[4]) });
        var e = Assert.Throws<GanKitFormatException>(() => DirectionSet.Load(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("'directions'", e.Problem);
    }
}
