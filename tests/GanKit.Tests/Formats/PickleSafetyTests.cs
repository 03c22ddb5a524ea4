using GanKit.Formats.Pickle;

namespace GanKit.Tests.Formats;

public sealed class PickleSafetyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-pickle-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Marker => Path.Combine(_dir, "marker");

    private string WritePickle(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private GanKitFormatException AssertRefused(string name, byte[] bytes, string expected)
    {
        var path = WritePickle(name, bytes);
        var error = Assert.Throws<GanKitFormatException>(() => NetworkSnapshot.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
        return error;
    }

    // Each of these runs the command when given to Python's pickle.loads.
    [Fact]
    public void OsSystemIsRefusedAndNeverRun()
    {
        var pickle = new PickleBuilder().Proto(2).EmptyDict().Str("G")
            .Global("os", "system").Str($"touch '{Marker}'").Tuple1().Reduce()
            .SetItem().Stop().ToArray();

        AssertRefused("os-system.pkl", pickle, "os.system");
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void BuiltinsEvalIsRefusedAndNeverRun()
    {
        var pickle = new PickleBuilder().Proto(4)
            .StackGlobal("builtins", "eval").Str($"open(r'{Marker}', 'w').write('pwned')").Tuple1().Reduce()
            .Stop().ToArray();

        AssertRefused("builtins-eval.pkl", pickle, "builtins.eval");
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void ProtocolZeroInstOfPosixSystemIsRefused()
    {
        var pickle = new PickleBuilder().Proto(2).Mark().Str($"touch '{Marker}'").Raw((byte)'i').Text("posix\nsystem\n").Stop().ToArray();

        AssertRefused("posix-system.pkl", pickle, "posix.system");
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void UnlistedClassesAreRefusedByName()
    {
        var pickle = new PickleBuilder().Proto().StackGlobal("torch.nn.modules.linear", "Linear").EmptyTuple().NewObj().Stop().ToArray();
        AssertRefused("linear.pkl", pickle, "torch.nn.modules.linear.Linear");
    }

    [Fact]
    public void TruncatedSnapshotIsRefused()
    {
        var bytes = File.ReadAllBytes(Fixtures.Path("network-snapshot.pkl"));
        AssertRefused("truncated.pkl", bytes[..(bytes.Length / 2)], "truncated");
    }

    [Fact]
    public void NonPickleIsRefused()
    {
        AssertRefused("image.pkl", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a], "not a pickle");
        AssertRefused("empty.pkl", [], "empty");
    }

    [Fact]
    public void PickleOfSomethingElseIsRefused()
    {
        var list = new PickleBuilder().Proto().EmptyList().Memoize().Mark().Int(1).Int(2).Appends().Stop().ToArray();
        AssertRefused("list.pkl", list, "holds a list");

        var dict = new PickleBuilder().Proto().Dict([("weights", p => p.Int(1))]).Stop().ToArray();
        AssertRefused("dict.pkl", dict, "none of the networks G, D, G_ema");

        var wrongNetwork = new PickleBuilder().Proto().Dict([("G", p => p.Str("a generator"))]).Stop().ToArray();
        AssertRefused("string-network.pkl", wrongNetwork, "G is a str");
    }

    [Fact]
    public void DeepNestingNeitherOverflowsNorHangs()
    {
        const int depth = 200_000;
        var builder = new PickleBuilder().Proto().Dict([("G", p =>
        {
            for (var i = 0; i < depth; i++)
                p.EmptyList();
            for (var i = 0; i < depth - 1; i++)
                p.Raw((byte)'a');
        })]);
        AssertRefused("deep.pkl", builder.Stop().ToArray(), "G is a list");
    }

    [Fact]
    public void CorruptOpcodeIsRefused()
    {
        var pickle = new PickleBuilder().Proto().EmptyDict().Raw(0xff).Stop().ToArray();
        AssertRefused("opcode.pkl", pickle, "0xff is not a pickle opcode");
    }

    [Fact]
    public void OversizedLengthsAreRefusedBeforeAllocating()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var bytes8 = new PickleBuilder().Proto().Raw(0x8e).Raw(BitConverter.GetBytes(1L << 62)).Stop().ToArray(); // BINBYTES8 of 2^62 bytes
        AssertRefused("bytes8.pkl", bytes8, "truncated");
        var unicode = new PickleBuilder().Proto().Raw((byte)'X').Raw(BitConverter.GetBytes(int.MaxValue)).Stop().ToArray();
        AssertRefused("unicode.pkl", unicode, "truncated");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }
}
