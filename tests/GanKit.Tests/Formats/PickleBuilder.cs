using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GanKit.Tests.Formats;

/// <summary>Writes pickles opcode by opcode, so tests can build exactly the bytes they mean.</summary>
internal sealed class PickleBuilder
{
    private readonly List<byte> _bytes = [];

    public PickleBuilder Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public PickleBuilder Text(string text) => Raw(Encoding.UTF8.GetBytes(text));

    public PickleBuilder Proto(int version = 4) => Raw(0x80, (byte)version);
    public PickleBuilder Stop() => Raw((byte)'.');
    public PickleBuilder Mark() => Raw((byte)'(');
    public PickleBuilder None() => Raw((byte)'N');
    public PickleBuilder Bool(bool value) => Raw(value ? (byte)0x88 : (byte)0x89);
    public PickleBuilder Tuple() => Raw((byte)'t');
    public PickleBuilder Tuple1() => Raw(0x85);
    public PickleBuilder EmptyTuple() => Raw((byte)')');
    public PickleBuilder EmptyDict() => Raw((byte)'}');
    public PickleBuilder EmptyList() => Raw((byte)']');
    public PickleBuilder EmptySet() => Raw(0x8f);
    public PickleBuilder AddItems() => Raw(0x90);
    public PickleBuilder Appends() => Raw((byte)'e');
    public PickleBuilder SetItem() => Raw((byte)'s');
    public PickleBuilder SetItems() => Raw((byte)'u');
    public PickleBuilder Reduce() => Raw((byte)'R');
    public PickleBuilder NewObj() => Raw(0x81);
    public PickleBuilder Build() => Raw((byte)'b');
    public PickleBuilder BinPersId() => Raw((byte)'Q');
    public PickleBuilder Memoize() => Raw(0x94);
    public PickleBuilder BinGet(byte index) => Raw((byte)'h', index);

    public PickleBuilder Str(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)utf8.Length);
        return Raw((byte)'X').Raw(length).Raw(utf8);
    }

    public PickleBuilder Int(int value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return Raw((byte)'J').Raw(bytes);
    }

    public PickleBuilder Float(double value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteDoubleBigEndian(bytes, value);
        return Raw((byte)'G').Raw(bytes);
    }

    public PickleBuilder Bytes(byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)data.Length);
        return Raw((byte)'B').Raw(length).Raw(data);
    }

    /// <summary>Protocol 0-3 GLOBAL: <c>c module\nname\n</c>.</summary>
    public PickleBuilder Global(string module, string name) => Raw((byte)'c').Text($"{module}\n{name}\n");

    /// <summary>Protocol 4 STACK_GLOBAL.</summary>
    public PickleBuilder StackGlobal(string module, string name) => Str(module).Str(name).Raw(0x93);

    /// <summary><c>module.name(*args)</c> via REDUCE.</summary>
    public PickleBuilder Call(string module, string name, params Action<PickleBuilder>[] args)
    {
        StackGlobal(module, name).Mark();
        foreach (var arg in args)
            arg(this);
        return Tuple().Reduce();
    }

    /// <summary>A dict literal; <paramref name="className"/> builds an OrderedDict or EasyDict instead.</summary>
    public PickleBuilder Dict(IEnumerable<(string Key, Action<PickleBuilder> Value)> items, string? className = null)
    {
        switch (className)
        {
            case null: EmptyDict(); break;
            case "OrderedDict": StackGlobal("collections", "OrderedDict").EmptyTuple().Reduce(); break;
            case "EasyDict": StackGlobal("dnnlib.util", "EasyDict").EmptyTuple().NewObj(); break;
            default: throw new ArgumentException(className);
        }
        var list = items.ToList();
        if (list.Count == 0)
            return this;
        Mark();
        foreach (var (key, value) in list)
        {
            Str(key);
            value(this);
        }
        return SetItems();
    }

    public byte[] ToArray() => [.. _bytes];

    /// <summary>A zip-layout torch.save of a float32 storage, as <c>torch.save(storage)</c> writes it.</summary>
    public static byte[] ZipStoragePayload(float[] values)
    {
        var pickle = new PickleBuilder().Proto(2)
            .Mark().Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int(values.Length).Tuple()
            .BinPersId().Stop().ToArray();
        var data = values.SelectMany(BitConverter.GetBytes).ToArray();

        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "archive/data.pkl", pickle);
            Add(zip, "archive/data/0", data);
            Add(zip, "archive/version", "3\n"u8.ToArray());
        }
        return stream.ToArray();

        static void Add(ZipArchive zip, string name, byte[] content)
        {
            using var entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            entry.Write(content);
        }
    }
}
