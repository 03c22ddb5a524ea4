using System.Buffers.Binary;
using System.Text;
using GanKit.Torch;

namespace GanKit.Tests.Formats;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-safetensors-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ScalarType[] AllDTypes =
    [
        ScalarType.Float32, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Float64, ScalarType.Int64, ScalarType.Int32,
        ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool,
    ];

    private static RawTensor RandomTensor(Random random, ScalarType dtype, params long[] shape)
    {
        var data = new byte[shape.Aggregate(1L, (a, b) => a * b) * dtype.ElementSize()];
        random.NextBytes(data);
        if (dtype == ScalarType.Bool)
        {
            for (var i = 0; i < data.Length; i++)
                data[i] &= 1;
        }
        return new RawTensor(dtype, shape, data);
    }

    private string WriteSample(out List<KeyValuePair<string, RawTensor>> tensors)
    {
        var random = new Random(7);
        tensors = AllDTypes.Select((dtype, i) => KeyValuePair.Create($"t{i}.{dtype.TorchName()}", RandomTensor(random, dtype, 3, i + 1))).ToList();
        var path = Path.Combine(_dir, "sample.safetensors");
        Safetensors.Write(path, tensors);
        return path;
    }

    [Fact]
    public void EveryDTypeRoundTripsWithMetadataAndOrder()
    {
        var random = new Random(1);
        var tensors = new List<KeyValuePair<string, RawTensor>>();
        foreach (var dtype in AllDTypes)
        {
            tensors.Add(KeyValuePair.Create($"z.{dtype.TorchName()}.matrix", RandomTensor(random, dtype, 2, 3, 5)));
            tensors.Add(KeyValuePair.Create($"a.{dtype.TorchName()}.scalar", RandomTensor(random, dtype)));
            tensors.Add(KeyValuePair.Create($"m.{dtype.TorchName()}.empty", RandomTensor(random, dtype, 0, 4)));
        }
        var metadata = new Dictionary<string, string>
        {
            ["gankit"] = """{"format":1,"G":{"z_dim":64}}""",
            ["note"] = "ünïcödé + <html> & \"quotes\"",
        };
        var path = Path.Combine(_dir, "all.safetensors");

        Safetensors.Write(path, tensors, metadata);
        var read = Safetensors.Read(path, out var readMetadata);

        Assert.Equal(tensors.Select(t => t.Key), read.Keys); // insertion order kept
        foreach (var (name, tensor) in tensors)
        {
            Assert.Equal(tensor.DType, read[name].DType);
            Assert.Equal(tensor.Shape, read[name].Shape);
            Assert.Equal(tensor.Data, read[name].Data);
        }
        Assert.Equal(metadata, readMetadata);

        var bytes = File.ReadAllBytes(path);
        var headerLength = (long)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        Assert.Single(Directory.GetFiles(_dir)); // no temporary file left behind
    }

    [Fact]
    public void WriteReplacesAnExistingFile()
    {
        var path = WriteSample(out _);
        var replacement = new[] { KeyValuePair.Create("only", new RawTensor(ScalarType.Float32, [1], BitConverter.GetBytes(1.5f))) };

        Safetensors.Write(path, replacement);

        var read = Safetensors.Read(path, out var metadata);
        Assert.Equal(["only"], read.Keys);
        Assert.Empty(metadata);
    }

    [Fact]
    public void FailedWriteLeavesNoTemporaryFile()
    {
        var target = Directory.CreateDirectory(Path.Combine(_dir, "a-folder")).FullName; // File.Move onto a folder fails
        var tensors = new[] { KeyValuePair.Create("x", new RawTensor(ScalarType.Byte, [2], [1, 2])) };

        Assert.ThrowsAny<IOException>(() => Safetensors.Write(target, tensors));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void WriteRefusesInconsistentTensors()
    {
        var path = Path.Combine(_dir, "bad.safetensors");
        Assert.Throws<ArgumentException>(() => Safetensors.Write(path, [KeyValuePair.Create("x", new RawTensor(ScalarType.Float32, [2], new byte[7]))]));
        var ok = new RawTensor(ScalarType.Byte, [1], [0]);
        Assert.Throws<ArgumentException>(() => Safetensors.Write(path, [KeyValuePair.Create("x", ok), KeyValuePair.Create("x", ok)]));
        Assert.Throws<ArgumentException>(() => Safetensors.Write(path, [KeyValuePair.Create("__metadata__", ok)]));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void TruncatedFileRaisesAnErrorNamingTheFile()
    {
        var bytes = File.ReadAllBytes(WriteSample(out _));
        var truncated = Path.Combine(_dir, "truncated.safetensors");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<GanKitFormatException>(() => Safetensors.Read(truncated));
        Assert.Contains(truncated, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Equal(truncated, error.FilePath);
    }

    [Theory]
    [InlineData(0, (byte)'x')]   // the opening brace: not JSON
    [InlineData(6, 0xff)]        // inside the first name: not UTF-8
    [InlineData(13, (byte)',')]  // the colon after the first name
    public void CorruptHeaderRaisesAnErrorNamingTheFile(int at, byte value)
    {
        var bytes = File.ReadAllBytes(WriteSample(out _));
        bytes[8 + at] = value;
        var corrupt = Path.Combine(_dir, "corrupt.safetensors");
        File.WriteAllBytes(corrupt, bytes);

        var error = Assert.Throws<GanKitFormatException>(() => Safetensors.Read(corrupt));
        Assert.Contains(corrupt, error.Message);
        Assert.Contains("JSON", error.Message);
    }

    [Theory]
    [InlineData("""{"x":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}""", 1, "F8_E4M3")]
    [InlineData("""{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}""", 4, "needs 8 bytes")]
    [InlineData("""{"x":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"y":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}""", 4, "overlap")]
    [InlineData("""{"x":{"dtype":"U8","shape":[2],"data_offsets":[2,4]}}""", 4, "gap")]
    [InlineData("""{"x":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}}""", 4, "truncated")]
    [InlineData("""{"x":{"dtype":"U8","shape":[-1],"data_offsets":[0,0]}}""", 0, "shape")]
    [InlineData("""{"__metadata__":{"a":1}}""", 0, "__metadata__")]
    [InlineData("""[1,2]""", 0, "JSON object")]
    public void InvalidHeadersAreRefused(string header, int dataBytes, string expected)
    {
        var path = Path.Combine(_dir, "invalid.safetensors");
        var headerBytes = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + headerBytes.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)headerBytes.Length);
        headerBytes.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<GanKitFormatException>(() => Safetensors.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void HeaderLengthBeyondTheFileIsRefused()
    {
        var path = Path.Combine(_dir, "huge-header.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue / 2);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<GanKitFormatException>(() => Safetensors.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("exceeds the file size", error.Message);
    }

    // TorchSharp tensors of every dtype, a non-contiguous view, a scalar and an empty tensor, made by TorchSharp itself.
    private static List<KeyValuePair<string, Tensor>> TorchSharpSample()
    {
        torch.manual_seed(3);
        var values = torch.rand(4, 5) * 240 - 120; // within every integer type's range, uint8 after abs()
        var tensors = AllDTypes
            .Select(dtype => KeyValuePair.Create($"x.{dtype.TorchName()}", dtype switch
            {
                ScalarType.Bool => values.gt(0),
                ScalarType.Byte => values.abs().to(dtype),
                _ => values.to(dtype),
            }))
            .ToList();
        tensors.Add(KeyValuePair.Create("view", values.t()));
        tensors.Add(KeyValuePair.Create("scalar", torch.tensor(0.25)));
        tensors.Add(KeyValuePair.Create("empty", torch.zeros(0, 3, dtype: ScalarType.Int32)));
        return tensors;
    }

    private static bool SameValues(Tensor a, Tensor b) =>
        a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Fact]
    public void TorchSharpTensorsRoundTripWithMetadataAndOrder()
    {
        TorchRuntime.EnsureInitialized();
        using var scope = torch.NewDisposeScope();
        var tensors = TorchSharpSample();
        var metadata = new Dictionary<string, string> { ["note"] = "from TorchSharp" };
        var path = Path.Combine(_dir, "torch.safetensors");

        Safetensors.Write(path, tensors, metadata);
        var read = Safetensors.ReadTensors(path, out var readMetadata);

        Assert.Equal(tensors.Select(t => t.Key), read.Keys);
        foreach (var (name, tensor) in tensors)
            Assert.True(SameValues(tensor, read[name]), $"{name}: {read[name].dtype} [{string.Join(", ", read[name].shape)}] differs");
        Assert.Equal(metadata, readMetadata);
        Assert.Single(Directory.GetFiles(_dir));

        // The managed reader sees the same tensors, and the managed writer writes the same file.
        var raw = Safetensors.Read(path);
        foreach (var (name, tensor) in tensors)
            Assert.True(SameValues(tensor, raw[name].ToTensor()), $"{name}: managed read differs");
        var rawPath = Path.Combine(_dir, "raw.safetensors");
        Safetensors.Write(rawPath, raw, metadata);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(rawPath));
    }

    [Fact]
    public void TorchSharpWriteRefusesWhatSafetensorsCannotHold()
    {
        TorchRuntime.EnsureInitialized();
        using var scope = torch.NewDisposeScope();
        var path = Path.Combine(_dir, "bad.safetensors");
        var complex = Assert.Throws<ArgumentException>(() => Safetensors.Write(path, [KeyValuePair.Create("c", torch.zeros(2, dtype: ScalarType.ComplexFloat32))]));
        Assert.Contains("'c'", complex.Message);
        var ok = torch.zeros(1);
        Assert.Throws<ArgumentException>(() => Safetensors.Write(path, [KeyValuePair.Create("x", ok), KeyValuePair.Create("x", ok)]));
        Assert.Throws<ArgumentException>(() => Safetensors.Write(path, [KeyValuePair.Create("__metadata__", ok)]));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void TorchSharpReadOfATruncatedFileNamesTheFile()
    {
        var bytes = File.ReadAllBytes(WriteSample(out _));
        var truncated = Path.Combine(_dir, "truncated.safetensors");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 3)]);

        var error = Assert.Throws<GanKitFormatException>(() => Safetensors.ReadTensors(truncated));
        Assert.Contains(truncated, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void ReadsTheFixtureNetworks()
    {
        var generator = Safetensors.Read(Fixtures.Path("G.safetensors"));
        Assert.Equal(75, generator.Count);
        Assert.Equal([128L, 4, 4], generator["synthesis.b4.const"].Shape);
        Assert.Equal([128L, 128, 3, 3], generator["synthesis.b4.conv1.weight"].Shape);
        Assert.Equal([4L, 4], generator["synthesis.b4.conv1.noise_const"].Shape);
        Assert.Equal([64L], generator["mapping.w_avg"].Shape);
        Assert.All(generator.Values, t => Assert.Equal(ScalarType.Float32, t.DType));

        var discriminator = Safetensors.Read(Fixtures.Path("D.safetensors"));
        Assert.Equal(37, discriminator.Count);
        Assert.Equal([16L, 3, 1, 1], discriminator["b32.fromrgb.weight"].Shape);
    }
}
