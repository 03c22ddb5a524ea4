using System.Runtime.InteropServices;
using GanKit.Torch;

namespace GanKit.Tests.Formats;

public sealed class RawTensorTests
{
    private static readonly long[] Shape = [2, 3];

    public RawTensorTests() => TorchRuntime.EnsureInitialized();

    /// <summary>
    /// Both directions for one dtype: a TorchSharp tensor made from .NET values becomes exactly those values'
    /// little-endian bytes, and bytes made without TorchSharp become a tensor holding those values.
    /// </summary>
    private static void AssertRoundTrip<T>(ScalarType dtype, T[] values, Func<T[], long[], Tensor> create) where T : unmanaged
    {
        Assert.True(BitConverter.IsLittleEndian, "the expected bytes below are the machine's, which must be little-endian");
        var expectedBytes = MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
        using var original = create(values, Shape);
        Assert.Equal(dtype, original.dtype);

        var raw = RawTensor.FromTensor(original);
        Assert.Equal(dtype, raw.DType);
        Assert.Equal(Shape, raw.Shape);
        Assert.Equal(expectedBytes, raw.Data);

        using var back = raw.ToTensor();
        Assert.Equal(dtype, back.dtype);
        Assert.Equal(Shape, back.shape);
        Assert.Equal(values, back.data<T>().ToArray());

        var handMade = new RawTensor(dtype, Shape, (byte[])expectedBytes.Clone());
        using var fromBytes = handMade.ToTensor(torch.CPU);
        Assert.Equal(values, fromBytes.data<T>().ToArray());
        handMade.Data.AsSpan().Fill(0xA5); // the tensor owns a copy
        Assert.Equal(values, fromBytes.data<T>().ToArray());
    }

    [Fact]
    public void Float32RoundTrips() =>
        AssertRoundTrip(ScalarType.Float32, [0f, -0f, 1.5f, float.MaxValue, float.NaN, 1e-45f], (v, s) => torch.tensor(v, s));

    [Fact]
    public void Float64RoundTrips() =>
        AssertRoundTrip(ScalarType.Float64, [0, -2.5, double.MinValue, double.Epsilon, double.PositiveInfinity, Math.PI], (v, s) => torch.tensor(v, s));

    [Fact]
    public void Float16RoundTrips() =>
        AssertRoundTrip(ScalarType.Float16, [(Half)0, (Half)(-1.5f), Half.MaxValue, Half.Epsilon, Half.NegativeInfinity, (Half)0.1f], (v, s) => torch.tensor(v, s));

    [Fact]
    public void BFloat16RoundTrips() =>
        AssertRoundTrip(ScalarType.BFloat16,
            [new BFloat16(0f), new BFloat16(1.5f), new BFloat16(-3.25f), new BFloat16(1e30f), new BFloat16(float.PositiveInfinity), BFloat16.FromRawValue(0x0001)],
            (v, s) => torch.tensor(v, s));

    [Fact]
    public void Int64RoundTrips() =>
        AssertRoundTrip(ScalarType.Int64, [0L, -1, long.MinValue, long.MaxValue, 1L << 40, 7], (v, s) => torch.tensor(v, s));

    [Fact]
    public void Int32RoundTrips() =>
        AssertRoundTrip(ScalarType.Int32, [0, -1, int.MinValue, int.MaxValue, 1 << 20, 7], (v, s) => torch.tensor(v, s));

    [Fact]
    public void Int16RoundTrips() =>
        AssertRoundTrip(ScalarType.Int16, [(short)0, (short)-1, short.MinValue, short.MaxValue, (short)256, (short)7], (v, s) => torch.tensor(v, s));

    [Fact]
    public void Int8RoundTrips() =>
        AssertRoundTrip(ScalarType.Int8, [(sbyte)0, (sbyte)-1, sbyte.MinValue, sbyte.MaxValue, (sbyte)16, (sbyte)7], (v, s) => torch.tensor(v, s));

    [Fact]
    public void UInt8RoundTrips() =>
        AssertRoundTrip(ScalarType.Byte, [(byte)0, (byte)1, (byte)127, (byte)128, (byte)254, (byte)255], (v, s) => torch.tensor(v, s));

    [Fact]
    public void BoolRoundTrips() =>
        AssertRoundTrip(ScalarType.Bool, [true, false, false, true, true, false], (v, s) => torch.tensor(v, s));

    [Fact]
    public void FromTensorCopiesViewsInRowMajorOrderAndLeavesTheTensorAlone()
    {
        using var scope = torch.NewDisposeScope();
        var matrix = torch.tensor(new[] { 0f, 1f, 2f, 3f, 4f, 5f }).reshape(2, 3);
        var transposed = matrix.t(); // [3, 2], not contiguous
        Assert.False(transposed.is_contiguous());
        var raw = RawTensor.FromTensor(transposed);
        Assert.Equal([3L, 2], raw.Shape);
        Assert.Equal([0f, 3f, 1f, 4f, 2f, 5f], raw.ToFloat32());
        Assert.False(transposed.is_contiguous());

        var expanded = torch.tensor(new[] { 1f, 2f }).expand(3, 2); // stride 0
        Assert.Equal([1f, 2f, 1f, 2f, 1f, 2f], RawTensor.FromTensor(expanded).ToFloat32());

        var parameter = torch.ones(2, 2).requires_grad_(true);
        Assert.Equal([1f, 1f, 1f, 1f], RawTensor.FromTensor(parameter).ToFloat32());
        Assert.True(parameter.requires_grad);
    }

    [Fact]
    public void ScalarsAndEmptyTensorsRoundTrip()
    {
        using var scope = torch.NewDisposeScope();
        var scalar = RawTensor.FromTensor(torch.tensor(2.5));
        Assert.Empty(scalar.Shape);
        Assert.Equal(BitConverter.GetBytes(2.5), scalar.Data);
        var scalarBack = scalar.ToTensor();
        Assert.Empty(scalarBack.shape);
        Assert.Equal(2.5, scalarBack.item<double>());

        var empty = RawTensor.FromTensor(torch.zeros(0, 4, dtype: ScalarType.Int64));
        Assert.Equal([0L, 4], empty.Shape);
        Assert.Empty(empty.Data);
        var emptyBack = empty.ToTensor();
        Assert.Equal(ScalarType.Int64, emptyBack.dtype);
        Assert.Equal([0L, 4], emptyBack.shape);
    }

    [Fact]
    public void ToTensorRefusesBytesThatDoNotFitTheShape()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new RawTensor(ScalarType.Float32, [2], new byte[7]).ToTensor());
        Assert.Contains("7 bytes", error.Message);
        Assert.Contains("needs 8", error.Message);
    }
}
