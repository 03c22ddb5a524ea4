using System.Numerics;
using System.Text;
using GanKit.Formats.Pickle;

namespace GanKit.Tests.Formats;

public sealed class PickleReaderTests
{
    private static object? Read(byte[] pickle, Func<object?, object?>? persistentLoad = null) =>
        new PickleReader(pickle, 0, new PickleSession("test.pkl", pickle.Length), "a test pickle", persistentLoad: persistentLoad).Load();

    [Fact]
    public void ReadsProtocolZeroTextOpcodes()
    {
        var pickle = Encoding.Latin1.GetBytes(
            "(lp0\nI1\naI01\naF1.5\naS'a\\nb\\x41'\np1\naV\\u00e9\\u20ac\np2\naL12345678901234567890L\nag1\na(I1\nI2\ntp3\na.");
        var list = Assert.IsType<PyList>(Read(pickle)).Items;
        Assert.Equal(8, list.Count);
        Assert.Equal(1L, list[0]);
        Assert.Equal(true, list[1]);
        Assert.Equal(1.5, list[2]);
        Assert.Equal("a\nbA", list[3]);
        Assert.Equal("é€", list[4]);
        Assert.Equal(BigInteger.Parse("12345678901234567890"), list[5]);
        Assert.Same(list[3], list[6]); // GET returns the memoized object
        Assert.Equal([1L, 2L], Assert.IsType<PyTuple>(list[7]).Items);
    }

    [Fact]
    public void ReadsBinaryIntegersAndMemo()
    {
        var pickle = new PickleBuilder().Proto(2).Mark()
            .Raw(0x8a, 0x01, 0xff)                            // LONG1 -1
            .Raw(0x8a, 0x09, 0, 0, 0, 0, 0, 0, 0, 0, 0x01)      // LONG1 2^64
            .Raw((byte)'M', 0x34, 0x12)                        // BININT2 0x1234
            .Str("x").Raw((byte)'r').Raw(BitConverter.GetBytes(1000u)) // LONG_BINPUT 1000 (sparse)
            .Raw((byte)'j').Raw(BitConverter.GetBytes(1000u))   // LONG_BINGET 1000
            .Tuple().Stop().ToArray();
        var items = Assert.IsType<PyTuple>(Read(pickle)).Items;
        Assert.Equal(-1L, items[0]);
        Assert.Equal(BigInteger.One << 64, items[1]);
        Assert.Equal(0x1234L, items[2]);
        Assert.Same(items[3], items[4]);
    }

    [Fact]
    public void DictKeysFollowPythonEquality()
    {
        // {1: 'a', True: 'b', 1.0: 'c', (1, 'k'): 'd'} keeps one entry for 1, as Python does.
        var pickle = new PickleBuilder().Proto().EmptyDict().Mark()
            .Int(1).Str("a").Bool(true).Str("b").Float(1.0).Str("c").Mark().Int(1).Str("k").Tuple().Str("d")
            .SetItems().Stop().ToArray();
        var dict = Assert.IsType<PyDict>(Read(pickle));
        Assert.Equal(2, dict.Count);
        Assert.True(dict.TryGetValue(1L, out var value));
        Assert.Equal("c", value);

        var unhashable = new PickleBuilder().Proto().EmptyDict().EmptyList().Str("v").SetItem().Stop().ToArray();
        var error = Assert.Throws<GanKitFormatException>(() => Read(unhashable));
        Assert.Contains("cannot hash", error.Message);
    }

    [Fact]
    public void PersistentIdsNeedALoader()
    {
        var pickle = new PickleBuilder().Proto().Str("id").BinPersId().Stop().ToArray();
        Assert.Contains("persistent id", Assert.Throws<GanKitFormatException>(() => Read(pickle)).Message);
        Assert.Equal("loaded id", Read(pickle, id => $"loaded {id}"));
    }

    [Fact]
    public void ZipPayloadAndStridedViewsMaterialiseDensely()
    {
        var payload = PickleBuilder.ZipStoragePayload([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
        var session = new PickleSession("test.pkl", payload.Length);
        var storage = TorchSerialization.LoadStorageFromBytes(session, new PyBytes(payload, 0));
        Assert.Equal(ScalarType.Float32, storage.DType);
        Assert.Equal(12, storage.Numel);

        // A [2, 3] view starting at element 1 with strides (1, 4): elements 1 5 9 / 2 6 10.
        var view = TorchTensor.Rebuild(storage, 1L, new PyTuple([2L, 3L]), new PyTuple([1L, 4L]));
        Assert.Equal([1f, 5f, 9f, 2f, 6f, 10f], view.ToRawTensor(session.Budget).ToFloat32());

        // A contiguous view of the whole storage shares its bytes instead of copying them.
        var whole = TorchTensor.Rebuild(storage, 0L, new PyTuple([3L, 4L]), new PyTuple([4L, 1L])).ToRawTensor(session.Budget);
        Assert.Same(storage.Bytes.Buffer, whole.Data);

        var outside = Assert.Throws<PickleDataException>(() => TorchTensor.Rebuild(storage, 1L, new PyTuple([3L, 4L]), new PyTuple([4L, 1L])));
        Assert.Contains("reaches element 12", outside.Message);
    }

    [Fact]
    public void ExpandedViewsStayWithinTheBudget()
    {
        var storage = new TorchStorage(ScalarType.Float32, 2);
        storage.SetData(new byte[8]);
        // Stride 0 makes 2 floats look like 2^40 of them; materialising must fail before allocating.
        var expanded = TorchTensor.Rebuild(storage, 0L, new PyTuple([1L << 20, 1L << 20]), new PyTuple([0L, 0L]));
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<PickleDataException>(() => expanded.ToRawTensor(new LoadBudget(1000)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1 << 20);
    }

    [Fact]
    public void WhitelistHoldsOnlyDataTypes()
    {
        var names = PickleGlobals.Names.ToList();
        Assert.Contains("torch._utils._rebuild_tensor_v2", names);
        Assert.Contains("torch_utils.persistence._reconstruct_persistent_obj", names);
        Assert.DoesNotContain(names, n => n.StartsWith("os.") || n.StartsWith("subprocess.") || n is "builtins.eval" or "builtins.exec" or "builtins.getattr");
    }
}
