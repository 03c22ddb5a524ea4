using System.IO.Compression;
using System.Text;
using GanKit.Formats.Numpy;
using GanKit.Torch;

namespace GanKit.Tests.Formats.Numpy;

public sealed class NpzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-npz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static RawTensor Floats(long[] shape, params float[] values) =>
        new(ScalarType.Float32, shape, values.SelectMany(BitConverter.GetBytes).ToArray());

    // A hand-made .npy member per the NumPy format spec (version 1.0, header padded to 64 bytes).
    private static byte[] NpyBytes(string dict, byte[] data)
    {
        while ((10 + dict.Length + 1) % 64 != 0) dict += " ";
        var header = Encoding.Latin1.GetBytes(dict + "\n");
        return [0x93, .. "NUMPY"u8, 1, 0, .. BitConverter.GetBytes((ushort)header.Length), .. header, .. data];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RoundTripsArraysStoredOrDeflated(bool compress)
    {
        var arrays = new Dictionary<string, RawTensor>
        {
            ["w"] = Floats([1, 2, 2], 1, 2, 3, 4),
            ["labels"] = new(ScalarType.Int64, [2], BitConverter.GetBytes(7L).Concat(BitConverter.GetBytes(-1L)).ToArray()),
            ["flag"] = new(ScalarType.Bool, [], [1]),
            ["empty"] = new(ScalarType.Float16, [0, 3], []),
        };
        var path = Path.Combine(_dir, compress ? "c.npz" : "s.npz");
        Npz.Write(path, arrays, compress);

        using (var zip = ZipFile.OpenRead(path))
        {
            Assert.Equal(arrays.Keys.Select(k => k + ".npy"), zip.Entries.Select(e => e.FullName));
            // Stored members keep their size; deflated ones of repetitive headers shrink.
            Assert.All(zip.Entries, e => Assert.Equal(!compress, e.CompressedLength == e.Length));
        }

        var back = Npz.Read(path);
        Assert.Equal(arrays.Keys, back.Keys);
        foreach (var (key, array) in arrays)
        {
            Assert.Equal(array.DType, back[key].DType);
            Assert.Equal(array.Shape, back[key].Shape);
            Assert.Equal(array.Data, back[key].Data);
        }
    }

    [Fact]
    public void ReadsAnArchiveBuiltByZipArchiveWithDeflatedMembers()
    {
        var path = Path.Combine(_dir, "made.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            var w = zip.CreateEntry("w.npy", CompressionLevel.SmallestSize);
            using (var s = w.Open())
                s.Write(NpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }",
                    new float[] { 0, 1, 2, 3, 4, 5 }.SelectMany(BitConverter.GetBytes).ToArray()));
            var n = zip.CreateEntry("nested/idx.npy", CompressionLevel.NoCompression);
            using (var s = n.Open())
                s.Write(NpyBytes("{'descr': '|i1', 'fortran_order': False, 'shape': (2,), }", [0xff, 5]));
        }

        var tensors = Npz.ReadTensors(path);
        try
        {
            Assert.Equal(new[] { "w", "nested/idx" }, tensors.Keys);
            Assert.Equal(new long[] { 1, 2, 3 }, tensors["w"].shape);
            Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, tensors["w"].data<float>().ToArray());
            Assert.Equal(new sbyte[] { -1, 5 }, tensors["nested/idx"].data<sbyte>().ToArray());
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    [Fact]
    public void ReadsDeflatedZip64MembersAsPythonsZipfileWritesThemForSavez()
    {
        // Made with Python's zipfile (ZIP_DEFLATED, force_zip64=True, as numpy.savez_compressed opens members) around a
        // hand-made .npy of float32 (1, 2, 3) = 0..5; the zip64 extra field is what .NET must skip in the local header.
        const string Archive =
            "UEsDBC0AAAAIAAAAIQCpfI0r//////////8FABQAdy5ucHkBABAAmAAAAAAAAABYAAAAAAAAAJvsF+obEMnIUMZQrZ6SWpxcpG6loG6TZqKuo6Cell9UUpSYF59flJIKEndLzClOBYoXZyQWpAL5GoY6CkY6CsaaOgq1CuQBLgYwaLAHEg5ABMQNQLzAAQBQSwECLQMtAAAACAAAACEAqXyNK1gAAACYAAAABQAAAAAAAAAAAAAAgAEAAAAAdy5ucHlQSwUGAAAAAAEAAQAzAAAAjwAAAAAA";
        var path = Path.Combine(_dir, "projected_w.npz");
        File.WriteAllBytes(path, Convert.FromBase64String(Archive));
        var w = Npz.Read(path)["w"];
        Assert.Equal(new long[] { 1, 2, 3 }, w.Shape);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, w.ToFloat32());
        using var t = ProjectedLatents.Load(path, numWs: 2, wDim: 3);
        Assert.Equal(new long[] { 1, 2, 3 }, t.shape);
    }

    [Fact]
    public void RoundTripsTorchSharpTensors()
    {
        using var a = torch.randn(3, 4);
        using var b = torch.arange(5, ScalarType.Int32);
        var path = Path.Combine(_dir, "t.npz");
        Npz.Write(path, new Dictionary<string, Tensor> { ["a"] = a, ["b"] = b }, compress: true);
        var back = Npz.ReadTensors(path);
        using var a2 = back["a"];
        using var b2 = back["b"];
        Assert.True(a2.equal(a).all().item<bool>());
        Assert.True(b2.equal(b).all().item<bool>());
    }

    [Fact]
    public void NamesTheArchiveAndMemberOfABadArray()
    {
        var path = Path.Combine(_dir, "bad.npz");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            var e = zip.CreateEntry("w.npy", CompressionLevel.Optimal);
            using var s = e.Open();
            // The shape needs 36864 bytes but the member holds 8.
            s.Write(NpyBytes("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 18, 512), }", new byte[8]));
        }
        var ex = Assert.Throws<GanKitFormatException>(() => Npz.Read(path));
        Assert.Contains(path, ex.Message);
        Assert.Contains("'w.npy'", ex.Message);
        Assert.Contains("truncated", ex.Message);
    }

    [Fact]
    public void RefusesFilesThatAreNotZipArchives()
    {
        var path = Path.Combine(_dir, "not.npz");
        File.WriteAllBytes(path, Npy.Encode(Floats([1], 1)));
        var ex = Assert.Throws<GanKitFormatException>(() => Npz.Read(path));
        Assert.Equal(path, ex.FilePath);
        Assert.Contains("not a .npz file", ex.Problem);

        var good = Path.Combine(_dir, "good.npz");
        Npz.Write(good, new Dictionary<string, RawTensor> { ["w"] = Floats([4], 1, 2, 3, 4) });
        var bytes = File.ReadAllBytes(good);
        var cut = Path.Combine(_dir, "cut.npz");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        Assert.Equal(cut, Assert.Throws<GanKitFormatException>(() => Npz.Read(cut)).FilePath);
    }
}
