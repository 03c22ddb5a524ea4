using System.Text;
using GanKit.Formats.Numpy;
using GanKit.Torch;

namespace GanKit.Tests.Formats.Numpy;

public sealed class NpyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-npy-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<ScalarType> DTypes() =>
    [
        ScalarType.Float16, ScalarType.Float32, ScalarType.Float64, ScalarType.Int8, ScalarType.Int16,
        ScalarType.Int32, ScalarType.Int64, ScalarType.Byte, ScalarType.Bool,
    ];

    private static RawTensor RandomArray(Random random, ScalarType dtype, params long[] shape)
    {
        var data = new byte[shape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize()];
        random.NextBytes(data);
        if (dtype == ScalarType.Bool)
            for (var i = 0; i < data.Length; i++) data[i] &= 1;
        return new RawTensor(dtype, shape, data);
    }

    // The NumPy format spec: magic, version, little-endian header length, then the dict padded with spaces and a
    // final newline so that the data starts at a multiple of 64 bytes.
    private static byte[] HandMade(string dict, byte[] data, byte major = 1)
    {
        var prefix = major == 1 ? 10 : 12;
        var padded = dict;
        while ((prefix + padded.Length + 1) % 64 != 0) padded += " ";
        padded += "\n";
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetBytes(padded);
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 };
        if (major == 1) bytes.AddRange(BitConverter.GetBytes((ushort)header.Length));
        else bytes.AddRange(BitConverter.GetBytes((uint)header.Length));
        bytes.AddRange(header);
        bytes.AddRange(data);
        return bytes.ToArray();
    }

    private static byte[] Floats(params float[] values) => values.SelectMany(BitConverter.GetBytes).ToArray();

    [Theory]
    [MemberData(nameof(DTypes))]
    public void RoundTripsEveryDTypeAndShape(ScalarType dtype)
    {
        var random = new Random((int)dtype);
        long[][] shapes = [[], [0], [5], [2, 3], [1, 18, 512], [2, 0, 3], [1, 1, 1, 1, 2]];
        foreach (var shape in shapes)
        {
            var array = RandomArray(random, dtype, shape);
            var path = Path.Combine(_dir, $"a{string.Join("x", shape)}.npy");
            Npy.Write(path, array);
            var bytes = File.ReadAllBytes(path);
            var dataStart = bytes.Length - array.Data.Length;
            Assert.Equal(0, dataStart % 64);
            var back = Npy.Read(path);
            Assert.Equal(dtype, back.DType);
            Assert.Equal(shape, back.Shape);
            Assert.Equal(array.Data, back.Data);
        }
    }

    [Fact]
    public void WritesTheExactBytesOfTheSpecForFloat32TwoByThree()
    {
        var data = Floats(1, 2, 3, 4, 5, 6);
        var path = Path.Combine(_dir, "f.npy");
        Npy.Write(path, new RawTensor(ScalarType.Float32, [2, 3], data));

        var dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        var expected = HandMade(dict, data);
        Assert.Equal(expected, File.ReadAllBytes(path));
        // 10 bytes of preamble + 118 of header: the data starts at byte 128.
        Assert.Equal(128, expected.Length - data.Length);
        Assert.Equal(118, BitConverter.ToUInt16(expected, 8));
    }

    [Fact]
    public void WritesPythonTupleSyntaxForRankZeroAndOne()
    {
        var scalar = Npy.Encode(new RawTensor(ScalarType.Float64, [], BitConverter.GetBytes(2.5)));
        Assert.Equal(HandMade("{'descr': '<f8', 'fortran_order': False, 'shape': (), }", BitConverter.GetBytes(2.5)), scalar);
        var vector = Npy.Encode(new RawTensor(ScalarType.Byte, [3], [1, 2, 3]));
        Assert.Equal(HandMade("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }", [1, 2, 3]), vector);
    }

    [Theory]
    [InlineData((byte)1)]
    [InlineData((byte)2)]
    [InlineData((byte)3)]
    public void ReadsEveryFormatVersion(byte major)
    {
        var data = Floats(1.5f, -2f);
        var bytes = HandMade("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2), }", data, major);
        var array = Npy.Parse(bytes, "v.npy");
        Assert.Equal(ScalarType.Float32, array.DType);
        Assert.Equal(new long[] { 1, 2 }, array.Shape);
        Assert.Equal(new[] { 1.5f, -2f }, array.ToFloat32());
    }

    [Fact]
    public void ReadsHeadersWrittenWithOtherSpacingKeyOrderAndQuotes()
    {
        var bytes = HandMade("{\"shape\":(4,),\"fortran_order\":True,  \"descr\":\"=i2\"}", [1, 0, 2, 0, 3, 0, 255, 255]);
        var array = Npy.Parse(bytes, "x.npy");
        Assert.Equal(ScalarType.Int16, array.DType);
        Assert.Equal(new long[] { 4 }, array.Shape);
        using var t = array.ToTensor();
        Assert.Equal(new short[] { 1, 2, 3, -1 }, t.data<short>().ToArray());
    }

    [Fact]
    public void RoundTripsTorchSharpTensors()
    {
        using var t = torch.arange(24, ScalarType.Float32).reshape(2, 3, 4).permute(2, 0, 1);  // not contiguous
        var path = Path.Combine(_dir, "t.npy");
        Npy.Write(path, t);
        using var back = Npy.ReadTensor(path);
        Assert.Equal(t.shape, back.shape);
        Assert.True(back.equal(t).all().item<bool>());
    }

    [Fact]
    public void RefusesBFloat16WithAClearError()
    {
        using var t = torch.zeros(2, ScalarType.BFloat16);
        var e = Assert.Throws<ArgumentException>(() => Npy.Write(Path.Combine(_dir, "b.npy"), t));
        Assert.Contains("bfloat16", e.Message);
        Assert.False(File.Exists(Path.Combine(_dir, "b.npy")));
    }

    private static GanKitFormatException Bad(byte[] bytes, string name = "bad.npy")
    {
        var e = Assert.Throws<GanKitFormatException>(() => Npy.Parse(bytes, name));
        Assert.Equal(name, e.FilePath);
        Assert.StartsWith(name + ": ", e.Message);
        return e;
    }

    [Fact]
    public void RefusesBigEndianFortranOrderObjectAndStructuredArrays()
    {
        Assert.Contains("big-endian", Bad(HandMade("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", Floats(1))).Problem);
        Assert.Contains("Fortran", Bad(HandMade("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", Floats(1, 2, 3, 4))).Problem);
        Assert.Contains("Python objects", Bad(HandMade("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", new byte[8])).Problem);
        Assert.Contains("structured", Bad(HandMade("{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", Floats(1))).Problem);
        Assert.Contains("unsupported NumPy dtype '<u4'", Bad(HandMade("{'descr': '<u4', 'fortran_order': False, 'shape': (1,), }", new byte[4])).Problem);
        Assert.Contains("unsupported NumPy dtype '<c8'", Bad(HandMade("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }", new byte[8])).Problem);
    }

    [Fact]
    public void AcceptsFortranOrderWhereItLaysOutLikeC()
    {
        var array = Npy.Parse(HandMade("{'descr': '<f4', 'fortran_order': True, 'shape': (1, 3), }", Floats(1, 2, 3)), "f.npy");
        Assert.Equal(new[] { 1f, 2f, 3f }, array.ToFloat32());
    }

    [Fact]
    public void RefusesTruncatedAndMalformedFiles()
    {
        var good = HandMade("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", Floats(1, 2, 3, 4, 5, 6));
        Assert.Contains("magic", Bad([]).Problem);
        Assert.Contains("magic", Bad(Encoding.ASCII.GetBytes("PK\x03\x04 not numpy at all")).Problem);
        Assert.Contains("header length", Bad(good[..9]).Problem);
        Assert.Contains("header claims 118 bytes", Bad(good[..60]).Problem);
        Assert.Contains("truncated", Bad(good[..^1]).Problem);
        Assert.Contains("needs 24 data bytes", Bad([.. good, 0]).Problem);

        var version = (byte[])good.Clone();
        version[6] = 4;
        Assert.Contains("version 4.0", Bad(version).Problem);
        Assert.Contains("not a valid Python dict", Bad(HandMade("{'descr': '<f4', 'shape': (2, 3}", Floats(1))).Problem);
        Assert.Contains("no 'shape'", Bad(HandMade("{'descr': '<f4', 'fortran_order': False}", Floats(1))).Problem);
        Assert.Contains("invalid dimension", Bad(HandMade("{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", Floats(1))).Problem);
        Assert.Contains("too large", Bad(HandMade("{'descr': '<f8', 'fortran_order': False, 'shape': (4611686018427387904, 4), }", Floats(1))).Problem);
    }

    [Fact]
    public void AShapeWhoseProductDisagreesWithTheDataNamesTheFile()
    {
        var path = Path.Combine(_dir, "short.npy");
        File.WriteAllBytes(path, HandMade("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 18, 512), }", Floats(1, 2, 3)));
        var e = Assert.Throws<GanKitFormatException>(() => Npy.Read(path));
        Assert.Equal(path, e.FilePath);
        Assert.Contains("truncated: the shape (1, 18, 512) of <f4 needs 36864 data bytes but 12 follow the header", e.Message);
    }

    [Fact]
    public void WriteIsAtomicAndLeavesNoTemporaryFiles()
    {
        var path = Path.Combine(_dir, "sub", "a.npy");
        Npy.Write(path, new RawTensor(ScalarType.Int32, [2], [1, 0, 0, 0, 2, 0, 0, 0]));
        Npy.Write(path, new RawTensor(ScalarType.Int32, [1], [7, 0, 0, 0]));
        Assert.Equal(new long[] { 1 }, Npy.Read(path).Shape);
        Assert.Single(Directory.GetFiles(Path.Combine(_dir, "sub")));
    }
}
