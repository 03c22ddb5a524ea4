using System.Buffers.Binary;
using System.Text;
using GanKit.Networks;
using GanKit.Networks.Config;
using GanKit.Tests.Formats;
using GanKit.Tests.Networks;
using GanKit.Torch;

namespace GanKit.Tests.Cli;

/// <summary>A converted copy of the fixture network and a small conditional network, shared by the bad-input tests.</summary>
public sealed class CliNetworks : IDisposable
{
    public CliNetworks()
    {
        Dir = Directory.CreateTempSubdirectory("gankit-cli-").FullName;
        Good = Path.Combine(Dir, "good.safetensors");
        using (var set = NetworkFile.Load(Fixtures.Path("network-snapshot.pkl")))
            NetworkFile.Save(Good, set.G_ema, set.D);
        GoodTensors = Safetensors.Read(Good, out var metadata);
        GoodMetadata = metadata;

        Conditional = Path.Combine(Dir, "conditional.safetensors");
        var config = new GeneratorConfig(ZDim: 8, CDim: 3, WDim: 8, ImgResolution: 8, ImgChannels: 3,
            new MappingConfig(NumLayers: 1), new SynthesisConfig(ChannelBase: 64, ChannelMax: 8));
        using var G = new Generator(config);
        NetworkFile.Save(Conditional, G);
    }

    public string Dir { get; }
    public string Good { get; }
    public string Conditional { get; }
    public IReadOnlyDictionary<string, RawTensor> GoodTensors { get; }
    public IReadOnlyDictionary<string, string> GoodMetadata { get; }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>
/// Bad network files and bad flags through the real command line: one clear <c>error:</c> naming the file and
/// every offending key (or the flag), exit code 1, no stack trace, no native crash, no partial output.
/// </summary>
public sealed class BadInputTests : IClassFixture<CliNetworks>, IDisposable
{
    private readonly CliNetworks _nets;
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-bad-").FullName;

    public BadInputTests(CliNetworks nets) => _nets = nets;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string OutDir => Path.Combine(_dir, "out");

    private static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";

    /// <summary>The good file with some tensors replaced (null removes one).</summary>
    private string WriteVariant(string name, IReadOnlyDictionary<string, RawTensor?> changes)
    {
        var tensors = new List<KeyValuePair<string, RawTensor>>();
        foreach (var (key, tensor) in _nets.GoodTensors)
        {
            if (!changes.TryGetValue(key, out var replacement)) tensors.Add(new(key, tensor));
            else if (replacement is not null) tensors.Add(new(key, replacement));
        }
        var path = Path.Combine(_dir, name);
        Safetensors.Write(path, tensors, _nets.GoodMetadata);
        return path;
    }

    /// <summary>A float32 tensor of the given shape (zeros: only the shape matters).</summary>
    private static RawTensor Zeros(params long[] shape) => new(ScalarType.Float32, shape, new byte[shape.Aggregate(4L, (a, b) => a * b)]);

    private CliResult GenerateRefused(string network, params string[] expected)
    {
        var result = CliProcess.FailsCleanly(_dir, ["generate", "--network", network, "--seeds", "0,1", "--outdir", OutDir], expected);
        Assert.False(Directory.Exists(OutDir), "a refused network still created the output folder");
        return result;
    }

    [Fact]
    public void GoodFileGenerates()
    {
        // The control for the variants below: the unmodified file works.
        CliProcess.Succeeds(_dir, "generate", "--network", _nets.Good, "--seeds", "0", "--outdir", OutDir);
        Assert.True(File.Exists(Path.Combine(OutDir, "seed0000.png")));
    }

    [Fact]
    public void WrongShapeNamesTheKeyWithExpectedAndFoundShapes()
    {
        const string key = "G_ema.synthesis.b8.conv0.weight";
        var expected = _nets.GoodTensors[key].Shape;
        long[] found = [expected[0], expected[1] / 2, expected[2], expected[3]];
        var path = WriteVariant("wrong-shape.safetensors", new Dictionary<string, RawTensor?> { [key] = Zeros(found) });
        GenerateRefused(path, "wrong-shape.safetensors", key, $"expected shape {Shape(expected)}, found {Shape(found)}", "1 offending key");
    }

    [Fact]
    public void MissingKeyIsNamedWithItsExpectedShape()
    {
        const string key = "G_ema.mapping.fc1.bias";
        var path = WriteVariant("missing-key.safetensors", new Dictionary<string, RawTensor?> { [key] = null });
        GenerateRefused(path, "missing-key.safetensors", key, $"missing (expected shape {Shape(_nets.GoodTensors[key].Shape)})");
    }

    [Fact]
    public void OneErrorListsEveryOffendingKeyOfEveryNetwork()
    {
        const string missing = "G_ema.synthesis.b16.torgb.affine.weight";
        const string wrongG = "G_ema.mapping.w_avg";
        const string wrongD = "D.b32.fromrgb.weight";
        const string missingD = "D.b4.out.bias";
        var dShape = _nets.GoodTensors[wrongD].Shape;
        long[] dFound = [dShape[0] + 1, .. dShape[1..]];
        var path = WriteVariant("many-problems.safetensors", new Dictionary<string, RawTensor?>
        {
            [missing] = null,
            [wrongG] = Zeros(3),
            [wrongD] = Zeros(dFound),
            [missingD] = null,
        });
        var result = GenerateRefused(path, "many-problems.safetensors", "4 offending key(s)", missing, wrongG, wrongD, missingD,
            $"found {Shape(dFound)}", $"expected shape {Shape(_nets.GoodTensors[wrongG].Shape)}, found [3]");
        Assert.Equal(1, CountOccurrences(result.Stderr, "error:"));
    }

    [Fact]
    public void UnexpectedKeyIsNamed()
    {
        var tensors = _nets.GoodTensors.Select(kv => kv).Append(new("G_ema.synthesis.b64.conv1.weight", Zeros(2, 2))).ToList();
        var path = Path.Combine(_dir, "extra-key.safetensors");
        Safetensors.Write(path, tensors, _nets.GoodMetadata);
        GenerateRefused(path, "extra-key.safetensors", "G_ema.synthesis.b64.conv1.weight: unexpected key");
    }

    public static TheoryData<string, string> MalformedHeaders() => new()
    {
        { "corrupt-json", "JSON" },
        { "truncated", "truncated" },
        { "header-length", "exceeds the file size" },
        { "tiny", "fewer than the 8-byte header length" },
        { "metadata-json", "'gankit' metadata is not valid JSON" },
        { "metadata-format", "unsupported network file format \"one\"" },
        { "config-type", "'G.synthesis_kwargs.channel_base' should be an integer" },
        { "config-unknown", "unsupported key(s) 'G.mapping_kwargs.depth'" },
        { "no-metadata", "no 'gankit' metadata" },
    };

    [Theory]
    [MemberData(nameof(MalformedHeaders))]
    public void MalformedFileIsOneClearError(string kind, string expected)
    {
        var name = $"{kind}.safetensors";
        var path = Path.Combine(_dir, name);
        var good = File.ReadAllBytes(_nets.Good);
        switch (kind)
        {
            case "corrupt-json":
                good[8] = (byte)'x';
                File.WriteAllBytes(path, good);
                break;
            case "truncated":
                File.WriteAllBytes(path, good[..(good.Length * 2 / 3)]);
                break;
            case "header-length":
                BinaryPrimitives.WriteUInt64LittleEndian(good, (ulong)good.Length);
                File.WriteAllBytes(path, good);
                break;
            case "tiny":
                File.WriteAllBytes(path, good[..5]);
                break;
            case "no-metadata":
                Safetensors.Write(path, _nets.GoodTensors);
                break;
            default:
                var gankit = _nets.GoodMetadata[NetworkFile.MetadataKey];
                var metadata = kind switch
                {
                    "metadata-json" => gankit[..(gankit.Length / 2)],
                    "metadata-format" => gankit.Replace("\"format\":1", "\"format\":\"one\"", StringComparison.Ordinal),
                    "config-type" => gankit.Replace("\"channel_base\":512", "\"channel_base\":\"512\"", StringComparison.Ordinal),
                    "config-unknown" => gankit.Replace("\"num_layers\":2", "\"num_layers\":2,\"depth\":3", StringComparison.Ordinal),
                    _ => throw new ArgumentException(kind),
                };
                Assert.NotEqual(gankit, metadata); // the edit applied
                Safetensors.Write(path, _nets.GoodTensors, new Dictionary<string, string> { [NetworkFile.MetadataKey] = metadata });
                break;
        }
        GenerateRefused(path, name, expected);
    }

    [Fact]
    public void MissingFileIsNamed() => GenerateRefused(Path.Combine(_dir, "nowhere.safetensors"), "nowhere.safetensors", "does not exist");

    [Fact]
    public void PickleWithAnUnknownGlobalIsRefusedNamingIt()
    {
        var path = Path.Combine(_dir, "unknown-global.pkl");
        File.WriteAllBytes(path, new PickleBuilder().Proto(2).EmptyDict().Str("G_ema")
            .Global("my_training.networks", "FancyGenerator").EmptyTuple().Reduce().SetItem().Stop().ToArray());
        GenerateRefused(path, "unknown-global.pkl", "my_training.networks.FancyGenerator");
    }

    [Fact]
    public void PickleCallingOsSystemIsRefusedAndNothingRuns()
    {
        var marker = Path.Combine(_dir, "marker");
        var path = Path.Combine(_dir, "os-system.pkl");
        File.WriteAllBytes(path, new PickleBuilder().Proto(2).EmptyDict().Str("G_ema")
            .Global("os", "system").Str($"touch '{marker}'").Tuple1().Reduce().SetItem().Stop().ToArray());
        GenerateRefused(path, "os-system.pkl", "os.system");
        Assert.False(File.Exists(marker));
    }

    public static TheoryData<string[], string> BadFlags() => new()
    {
        { ["--seeds", "0-x"], "--seeds" },
        { ["--seeds", "5-2"], "--seeds" },
        { ["--seeds", ""], "--seeds" },
        { ["--seeds", "0,-3"], "--seeds" },
        { ["--seeds", "99999999999"], "--seeds" },
        { ["--seeds", "0", "--trunc", "abc"], "--trunc" },
        { ["--seeds", "0", "--trunc", "0.5,nan"], "--trunc" },
        { ["--seeds", "0", "--trunc-cutoff", "abc"], "--trunc-cutoff" },
        { ["--seeds", "0", "--trunc-cutoff", "-2"], "--trunc-cutoff" },
        { ["--seeds", "0", "--class", "1"], "--class" },
        { ["--seeds", "0", "--noise-mode", "loud"], "--noise-mode" },
        { ["--seeds", "0", "--batch", "0"], "--batch" },
        { ["--seeds", "0", "--device", "tpu"], "--device" },
    };

    [Theory]
    [MemberData(nameof(BadFlags))]
    public void BadFlagIsNamed(string[] flags, string flag)
    {
        CliProcess.FailsCleanly(_dir, ["generate", "--network", _nets.Good, "--outdir", OutDir, .. flags], flag);
        Assert.False(Directory.Exists(OutDir));
    }

    [Theory]
    [InlineData(null, "--class: this network is conditional (c_dim = 3)")]
    [InlineData("3", "--class 3 is outside 0..2")]
    public void ConditionalNetworkNeedsAValidClass(string? classIndex, string expected)
    {
        string[] args = ["generate", "--network", _nets.Conditional, "--seeds", "0", "--outdir", OutDir];
        CliProcess.FailsCleanly(_dir, classIndex is null ? args : [.. args, "--class", classIndex], expected);
        CliProcess.Succeeds(_dir, [.. args, "--class", "2"]);
        Assert.True(File.Exists(Path.Combine(OutDir, "seed0000.png")));
    }

    [Theory]
    [InlineData("--styles", "0-99", "--styles")]
    [InlineData("--rows", "1-x", "--rows")]
    [InlineData("--cols", "", "--cols")]
    public void StyleMixFlagsAreNamed(string flag, string value, string expected)
    {
        var args = new Dictionary<string, string> { ["--rows"] = "0", ["--cols"] = "1", ["--styles"] = "0-3", [flag] = value };
        CliProcess.FailsCleanly(_dir, ["style-mix", "--network", _nets.Good, "--outdir", OutDir, .. args.SelectMany(kv => new[] { kv.Key, kv.Value })],
            expected);
    }

    public static TheoryData<string, string> BadSnapshots() => new()
    {
        { "truncated", "truncated" },
        { "not-a-pickle", "not a pickle" },
        { "list", "holds a list" },
        { "unknown-global", "evil.module.Thing" },
    };

    [Theory]
    [MemberData(nameof(BadSnapshots))]
    public void ConvertOfABadSnapshotLeavesNoOutput(string kind, string expected)
    {
        var input = Path.Combine(_dir, $"{kind}.pkl");
        var snapshot = File.ReadAllBytes(Fixtures.Path("network-snapshot.pkl"));
        File.WriteAllBytes(input, kind switch
        {
            "truncated" => snapshot[..(snapshot.Length * 3 / 4)],
            "not-a-pickle" => Encoding.ASCII.GetBytes("GIF89a this is not a network"),
            "list" => new PickleBuilder().Proto().EmptyList().Mark().Int(1).Int(2).Appends().Stop().ToArray(),
            "unknown-global" => new PickleBuilder().Proto(4).StackGlobal("evil.module", "Thing").EmptyTuple().NewObj().Stop().ToArray(),
            _ => throw new ArgumentException(kind),
        });
        var before = Directory.GetFiles(_dir).Order().ToArray();

        var output = Path.Combine(_dir, "converted.safetensors");
        CliProcess.FailsCleanly(_dir, ["convert", "--network", input, "--out", output], $"{kind}.pkl", expected);
        Assert.False(File.Exists(output));
        Assert.Equal(before, Directory.GetFiles(_dir).Order().ToArray()); // no temporary or partial file either

        // An existing output is left untouched by a failed conversion.
        File.WriteAllBytes(output, [1, 2, 3]);
        CliProcess.FailsCleanly(_dir, ["convert", "--network", input, "--out", output], expected);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(output));
    }

    [Fact]
    public void ConvertOfABareStateDictThatDoesNotFitNamesFileAndKeys()
    {
        // The fixture's D state dict offered as the generator: every key is wrong for G.
        var output = Path.Combine(_dir, "converted.safetensors");
        CliProcess.FailsCleanly(_dir,
            ["convert", "--network", Fixtures.Path("D.safetensors"), "--config", Fixtures.Path("config.json"), "--out", output],
            "D.safetensors", "mapping.fc0.weight: missing (expected shape", "b32.fromrgb.weight: unexpected key");
        Assert.False(File.Exists(output));

        var badConfig = Path.Combine(_dir, "config.json");
        File.WriteAllText(badConfig, "{\"generator\": {\"z_dim\": 64,");
        CliProcess.FailsCleanly(_dir, ["convert", "--network", Fixtures.Path("G.safetensors"), "--config", badConfig, "--out", output],
            "config.json", "not valid JSON");
        Assert.False(File.Exists(output));
    }

    private static int CountOccurrences(string text, string fragment)
    {
        var count = 0;
        for (var i = text.IndexOf(fragment, StringComparison.Ordinal); i >= 0; i = text.IndexOf(fragment, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
