using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;
using static GanKit.Formats.Pickle.PickleOpcodes;

namespace GanKit.Formats.Pickle;

/// <summary>
/// The pickle machine (protocols 0 to 5), treating the file as data. It only ever builds plain Python values
/// (<see cref="PyTuple"/>, <see cref="PyDict"/>, ...) and the objects of whitelisted globals (<see cref="PickleGlobals"/>); it never
/// imports or runs anything. Every opcode consumes input, so work and memory grow at most linearly with the
/// file; the machine is a loop, not a recursion, so deep nesting cannot overflow the call stack.
/// </summary>
internal sealed class PickleReader
{
    private const int MaxProtocol = 5;
    private const int MaxDecimalDigits = 4300; // CPython's own limit for int('...')

    private static readonly object[] SmallInts = Enumerable.Range(0, 256).Select(i => (object)(long)i).ToArray();
    private static readonly object BoxedTrue = true;
    private static readonly object BoxedFalse = false;

    private readonly ReadOnlyMemory<byte> _data;
    private readonly PickleSession _session;
    private readonly string _expected;
    private readonly long _baseOffset;
    private readonly string? _part;
    private readonly Func<object?, object?>? _persistentLoad;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly List<object?> _memo = [];
    private Dictionary<long, object?>? _sparseMemo;
    private int _position;
    private int _opcodeStart;

    /// <summary>Prepares to read pickles from <paramref name="data"/>.</summary>
    /// <param name="data">The bytes.</param>
    /// <param name="start">Where the first pickle starts.</param>
    /// <param name="session">The load this read belongs to.</param>
    /// <param name="expected">What the file should be, for error messages ("a StyleGAN2-ADA network snapshot").</param>
    /// <param name="baseOffset">Where <paramref name="data"/> starts in the file, for error messages.</param>
    /// <param name="part">When the data is not a slice of the file (a zip member): its name, for error messages.</param>
    /// <param name="persistentLoad">Resolves persistent ids (torch storages); null when the pickle may have none.</param>
    public PickleReader(ReadOnlyMemory<byte> data, int start, PickleSession session, string expected,
        long baseOffset = 0, string? part = null, Func<object?, object?>? persistentLoad = null)
    {
        _data = data;
        _position = start;
        _session = session;
        _expected = expected;
        _baseOffset = baseOffset;
        _part = part;
        _persistentLoad = persistentLoad;
    }

    /// <summary>Where the next pickle would start (just after the last STOP read).</summary>
    public int Position => _position;

    /// <summary>Reads one pickle, up to its STOP opcode, and returns its value.</summary>
    /// <exception cref="GanKitFormatException">The data is truncated, malformed or names a refused global.</exception>
    public object? Load()
    {
        _stack.Clear();
        _marks.Clear();
        _memo.Clear();
        _sparseMemo = null;
        try
        {
            return Run();
        }
        catch (PickleDataException e)
        {
            throw Fail(e.Message, e);
        }
        catch (Exception e) when (e is InvalidCastException or IndexOutOfRangeException or ArgumentException
                                      or OverflowException or FormatException or InvalidOperationException)
        {
            // A check is missing somewhere; still report bad input as bad input.
            throw Fail($"the data is malformed ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private GanKitFormatException Fail(string problem, Exception? inner = null)
    {
        var where = _part is null ? $"byte {_baseOffset + _opcodeStart}" : $"byte {_opcodeStart} of {_part}";
        return new GanKitFormatException(_session.Source, $"{problem} (pickle opcode at {where}); expected {_expected}", inner);
    }

    private object? Run()
    {
        while (true)
        {
            _opcodeStart = _position;
            if (_position >= _data.Length)
                throw new PickleDataException("the data ends before the pickle's STOP opcode: the file is truncated");
            var opcode = _data.Span[_position++];
            switch (opcode)
            {
                case Stop:
                    return Pop();
                case Proto:
                    var protocol = ReadByte();
                    if (protocol > MaxProtocol)
                        throw new PickleDataException($"pickle protocol {protocol} is not supported (0 to {MaxProtocol} are)");
                    break;
                case Frame:
                    // Frames only group opcodes for buffered reading; check the length and carry on.
                    if (ReadUInt64() > (ulong)(_data.Length - _position))
                        throw Truncated("a frame");
                    break;

                // Stack and memo.
                case Mark:
                    _marks.Add(_stack.Count);
                    break;
                case PickleOpcodes.Pop:
                    if (_stack.Count > MarkBase)
                        _stack.RemoveAt(_stack.Count - 1);
                    else
                        PopMarked(); // CPython: POP on an empty frame discards the mark
                    break;
                case PickleOpcodes.PopMark:
                    PopMarked();
                    break;
                case Dup:
                    Push(Peek());
                    break;
                case Put:
                    MemoPut(ParseDecimalIndex(ReadLine("PUT")));
                    break;
                case BinPut:
                    MemoPut(ReadByte());
                    break;
                case LongBinPut:
                    MemoPut(ReadUInt32());
                    break;
                case Memoize:
                    MemoPut(_memo.Count + (_sparseMemo?.Count ?? 0));
                    break;
                case Get:
                    Push(MemoGet(ParseDecimalIndex(ReadLine("GET"))));
                    break;
                case BinGet:
                    Push(MemoGet(ReadByte()));
                    break;
                case LongBinGet:
                    Push(MemoGet(ReadUInt32()));
                    break;

                // Scalars.
                case PickleOpcodes.None:
                    Push(null);
                    break;
                case NewTrue:
                    Push(BoxedTrue);
                    break;
                case NewFalse:
                    Push(BoxedFalse);
                    break;
                case BinInt1:
                    Push(SmallInts[ReadByte()]);
                    break;
                case BinInt2:
                    Push((long)BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2, "BININT2")));
                    break;
                case BinInt:
                    Push((long)BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4, "BININT")));
                    break;
                case Long1:
                    Push(DecodeLong(ReadBytes(ReadByte(), "LONG1")));
                    break;
                case Long4:
                    Push(DecodeLong(ReadBytes(ReadLength32Signed("LONG4"), "LONG4")));
                    break;
                case Int:
                    var intText = ReadLine("INT");
                    Push(intText switch { "00" => BoxedFalse, "01" => BoxedTrue, _ => ParseDecimal(intText) });
                    break;
                case PickleOpcodes.Long:
                    Push(ParseDecimal(ReadLine("LONG").TrimEnd('L')));
                    break;
                case PickleOpcodes.Float:
                    Push(ParseFloat(ReadLine("FLOAT")));
                    break;
                case BinFloat:
                    Push(BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8, "BINFLOAT")));
                    break;

                // Text and bytes.
                case ShortBinUnicode:
                    Push(Encoding.UTF8.GetString(ReadBytes(ReadByte(), "SHORT_BINUNICODE")));
                    break;
                case BinUnicode:
                    Push(Encoding.UTF8.GetString(ReadBytes(ReadLength(ReadUInt32(), "BINUNICODE"), "BINUNICODE")));
                    break;
                case BinUnicode8:
                    Push(Encoding.UTF8.GetString(ReadBytes(ReadLength(ReadUInt64(), "BINUNICODE8"), "BINUNICODE8")));
                    break;
                case Unicode:
                    Push(DecodeRawUnicodeEscape(Encoding.Latin1.GetString(ReadLineBytes("UNICODE"))));
                    break;
                case ShortBinString:
                    Push(Encoding.Latin1.GetString(ReadBytes(ReadByte(), "SHORT_BINSTRING")));
                    break;
                case BinString:
                    Push(Encoding.Latin1.GetString(ReadBytes(ReadLength32Signed("BINSTRING"), "BINSTRING")));
                    break;
                case PickleOpcodes.String:
                    Push(DecodeQuotedString(Encoding.Latin1.GetString(ReadLineBytes("STRING"))));
                    break;
                case ShortBinBytes:
                    Push(ReadPyBytes(ReadByte(), false));
                    break;
                case BinBytes:
                    Push(ReadPyBytes(ReadLength(ReadUInt32(), "BINBYTES"), false));
                    break;
                case BinBytes8:
                    Push(ReadPyBytes(ReadLength(ReadUInt64(), "BINBYTES8"), false));
                    break;
                case ByteArray8:
                    Push(ReadPyBytes(ReadLength(ReadUInt64(), "BYTEARRAY8"), true));
                    break;
                case ReadOnlyBuffer:
                    if (Peek() is not PyBytes)
                        throw new PickleDataException("READONLY_BUFFER applies to a value that is not a buffer");
                    break;
                case NextBuffer:
                    throw new PickleDataException("the pickle uses out-of-band buffers (NEXT_BUFFER), which a file cannot supply");

                // Containers.
                case EmptyTuple:
                    Push(PyTuple.Empty);
                    break;
                case Tuple1:
                    Push(new PyTuple([Pop()]));
                    break;
                case Tuple2:
                {
                    var second = Pop();
                    Push(new PyTuple([Pop(), second]));
                    break;
                }
                case Tuple3:
                {
                    var third = Pop();
                    var second = Pop();
                    Push(new PyTuple([Pop(), second, third]));
                    break;
                }
                case PickleOpcodes.Tuple:
                    var tupleItems = PopMarked();
                    Push(tupleItems.Length == 0 ? PyTuple.Empty : new PyTuple(tupleItems));
                    break;
                case EmptyList:
                    Push(new PyList());
                    break;
                case PickleOpcodes.List:
                    Push(new PyList([.. PopMarked()]));
                    break;
                case Append:
                {
                    var value = Pop();
                    TargetList("APPEND").Items.Add(value);
                    break;
                }
                case Appends:
                {
                    var values = PopMarked();
                    TargetList("APPENDS").Items.AddRange(values);
                    break;
                }
                case EmptyDict:
                    Push(new PyDict());
                    break;
                case Dict:
                {
                    var dict = new PyDict();
                    SetPairs(dict, PopMarked());
                    Push(dict);
                    break;
                }
                case SetItem:
                {
                    var value = Pop();
                    var key = Pop();
                    TargetDict("SETITEM").Set(key, value);
                    break;
                }
                case SetItems:
                {
                    var pairs = PopMarked();
                    SetPairs(TargetDict("SETITEMS"), pairs);
                    break;
                }
                case EmptySet:
                    Push(new PySet(frozen: false));
                    break;
                case AddItems:
                {
                    var values = PopMarked();
                    if (Peek() is not PySet { Frozen: false } set)
                        throw new PickleDataException($"ADDITEMS applies to {PyDescribe.Of(Peek())}, not a set");
                    set.Items.AddRange(values);
                    break;
                }
                case PickleOpcodes.FrozenSet:
                {
                    var set = new PySet(frozen: true);
                    set.Items.AddRange(PopMarked());
                    Push(set);
                    break;
                }

                // Globals, calls and objects: only whitelisted handlers, never code.
                case Global:
                {
                    var module = ReadLine("GLOBAL");
                    var name = ReadLine("GLOBAL");
                    Push(PickleGlobals.Resolve(module, name));
                    break;
                }
                case StackGlobal:
                {
                    var name = Pop();
                    var module = Pop();
                    if (module is not string moduleName || name is not string globalName)
                        throw new PickleDataException($"STACK_GLOBAL needs two str values but got {PyDescribe.Of(module)} and {PyDescribe.Of(name)}");
                    Push(PickleGlobals.Resolve(moduleName, globalName));
                    break;
                }
                case PickleOpcodes.Reduce: // qualified: TorchSharp also has a Reduce enum
                {
                    var args = Pop();
                    var callable = Pop();
                    if (args is not PyTuple tuple)
                        throw new PickleDataException($"REDUCE needs an argument tuple but got {PyDescribe.Of(args)}");
                    Push(Call(callable, tuple.Items, "REDUCE"));
                    break;
                }
                case NewObj:
                {
                    var args = Pop();
                    var cls = Pop();
                    Push(New(cls, args, "NEWOBJ"));
                    break;
                }
                case NewObjEx:
                {
                    var kwargs = Pop();
                    var args = Pop();
                    var cls = Pop();
                    if (kwargs is not PyDict { Count: 0 })
                        throw new PickleDataException($"NEWOBJ_EX with keyword arguments is not supported ({PyDescribe.Of(cls)})");
                    Push(New(cls, args, "NEWOBJ_EX"));
                    break;
                }
                case Inst:
                {
                    var module = ReadLine("INST");
                    var name = ReadLine("INST");
                    var global = PickleGlobals.Resolve(module, name);
                    Push(Call(global, PopMarked(), "INST"));
                    break;
                }
                case Obj:
                {
                    var items = PopMarked();
                    if (items.Length == 0)
                        throw new PickleDataException("OBJ has no class to instantiate");
                    Push(Call(items[0], items[1..], "OBJ"));
                    break;
                }
                case PickleOpcodes.Build:
                {
                    var state = Pop();
                    if (Peek() is not IPyBuildable target)
                        throw new PickleDataException($"BUILD applies state to {PyDescribe.Of(Peek())}, which takes none");
                    target.Build(state);
                    break;
                }
                case PersId:
                    Push(PersistentLoad(ReadLine("PERSID")));
                    break;
                case BinPersId:
                    Push(PersistentLoad(Pop()));
                    break;
                case Ext1 or Ext2 or Ext4:
                    throw new PickleDataException("the pickle uses the copyreg extension registry (EXT opcodes), which GanKit does not support");

                default:
                    throw new PickleDataException(_opcodeStart == 0 && _baseOffset == 0
                        ? $"the file is not a pickle (its first byte, 0x{opcode:x2}, is not a pickle opcode)"
                        : $"byte 0x{opcode:x2} is not a pickle opcode; the file is corrupt");
            }
        }
    }

    // ---- stack -------------------------------------------------------------------------------------------

    private int MarkBase => _marks.Count > 0 ? _marks[^1] : 0;

    private void Push(object? value) => _stack.Add(value);

    private object? Pop()
    {
        if (_stack.Count <= MarkBase)
            throw new PickleDataException("an opcode needs a value but the stack is empty");
        var value = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return value;
    }

    private object? Peek() =>
        _stack.Count > MarkBase ? _stack[^1] : throw new PickleDataException("an opcode needs a value but the stack is empty");

    private object?[] PopMarked()
    {
        if (_marks.Count == 0)
            throw new PickleDataException("an opcode needs a MARK but there is none");
        var mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        var items = CollectionsMarshal.AsSpan(_stack)[mark..].ToArray();
        _stack.RemoveRange(mark, items.Length);
        return items;
    }

    private PyList TargetList(string opcode) =>
        Peek() as PyList ?? throw new PickleDataException($"{opcode} applies to {PyDescribe.Of(Peek())}, not a list");

    private PyDict TargetDict(string opcode) =>
        Peek() as PyDict ?? throw new PickleDataException($"{opcode} applies to {PyDescribe.Of(Peek())}, not a dict");

    private static void SetPairs(PyDict dict, object?[] items)
    {
        if (items.Length % 2 != 0)
            throw new PickleDataException("a dict is built from an odd number of keys and values");
        for (var i = 0; i < items.Length; i += 2)
            dict.Set(items[i], items[i + 1]);
    }

    // Python's memo is a dict keyed by index; pickles number entries densely, so a list serves,
    // with a dictionary for the rare out-of-order index.
    private void MemoPut(long index)
    {
        var value = Peek();
        if (index < _memo.Count)
        {
            _memo[(int)index] = value;
        }
        else if (index == _memo.Count)
        {
            _memo.Add(value);
            _sparseMemo?.Remove(index);
        }
        else
        {
            (_sparseMemo ??= [])[index] = value;
        }
    }

    private object? MemoGet(long index)
    {
        if (index < _memo.Count)
            return _memo[(int)index];
        if (_sparseMemo is not null && _sparseMemo.TryGetValue(index, out var value))
            return value;
        throw new PickleDataException($"the pickle refers to memo entry {index}, which was never stored");
    }

    // ---- calls -------------------------------------------------------------------------------------------

    private object? Call(object? callable, object?[] args, string opcode) => callable switch
    {
        PyGlobal { Call: { } call } => call(_session, args),
        _ => throw new PickleDataException($"{opcode} calls {PyDescribe.Of(callable)}, which cannot be called"),
    };

    private object? New(object? cls, object? args, string opcode)
    {
        if (args is not PyTuple tuple)
            throw new PickleDataException($"{opcode} needs an argument tuple but got {PyDescribe.Of(args)}");
        return cls switch
        {
            PyGlobal { New: { } create } => create(_session, tuple.Items),
            _ => throw new PickleDataException($"{opcode} instantiates {PyDescribe.Of(cls)}, which is not supported"),
        };
    }

    private object? PersistentLoad(object? id) => _persistentLoad is null
        ? throw new PickleDataException("the pickle refers to data outside itself (a persistent id), which this file should not do")
        : _persistentLoad(id);

    // ---- reading -----------------------------------------------------------------------------------------

    private PickleDataException Truncated(string what) =>
        new($"the data ends in the middle of {what}: the file is truncated");

    private byte ReadByte()
    {
        if (_position >= _data.Length)
            throw Truncated($"opcode 0x{_data.Span[_opcodeStart]:x2}'s argument");
        return _data.Span[_position++];
    }

    private ReadOnlySpan<byte> ReadBytes(int count, string what)
    {
        if (count < 0 || count > _data.Length - _position)
            throw Truncated(what);
        var span = _data.Span.Slice(_position, count);
        _position += count;
        return span;
    }

    private uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4, "a 4-byte argument"));

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8, "an 8-byte argument"));

    // A length must fit in what is left of the input: checked before anything is allocated.
    private int ReadLength(ulong length, string what) =>
        length <= (ulong)(_data.Length - _position) ? (int)length : throw Truncated(what);

    private int ReadLength32Signed(string what)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(ReadBytes(4, what));
        return length >= 0 ? ReadLength((ulong)length, what) : throw new PickleDataException($"{what} has a negative length");
    }

    private PyBytes ReadPyBytes(int count, bool isByteArray)
    {
        var start = _position;
        ReadBytes(count, isByteArray ? "a bytearray" : "bytes");
        return new PyBytes(_data.Slice(start, count), _part is null ? _baseOffset + start : -1, isByteArray);
    }

    private string ReadLine(string opcode) => Encoding.UTF8.GetString(ReadLineBytes(opcode));

    private ReadOnlySpan<byte> ReadLineBytes(string opcode)
    {
        var rest = _data.Span[_position..];
        var end = rest.IndexOf((byte)'\n');
        if (end < 0)
            throw Truncated($"{opcode}'s text argument");
        _position += end + 1;
        return rest[..end];
    }

    private static object DecodeLong(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 0)
            return SmallInts[0];
        if (bytes.Length <= 8)
        {
            Span<byte> buffer = stackalloc byte[8];
            buffer.Fill((bytes[^1] & 0x80) != 0 ? (byte)0xff : (byte)0); // sign-extend
            bytes.CopyTo(buffer);
            return BinaryPrimitives.ReadInt64LittleEndian(buffer);
        }
        var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
        return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
    }

    private static object ParseDecimal(string text)
    {
        text = text.Trim();
        if (text.Length > MaxDecimalDigits)
            throw new PickleDataException($"an integer has more than {MaxDecimalDigits} digits");
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
            return small;
        if (BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big))
            return big;
        throw new PickleDataException($"'{PickleGlobals.Clip(text)}' is not an integer");
    }

    private static long ParseDecimalIndex(string text) =>
        ParseDecimal(text) is long index && index >= 0 ? index : throw new PickleDataException($"'{PickleGlobals.Clip(text)}' is not a memo index");

    private static double ParseFloat(string text)
    {
        text = text.Trim();
        switch (text.ToLowerInvariant())
        {
            case "inf" or "+inf" or "infinity":
                return double.PositiveInfinity;
            case "-inf" or "-infinity":
                return double.NegativeInfinity;
            case "nan" or "+nan" or "-nan":
                return double.NaN;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new PickleDataException($"'{PickleGlobals.Clip(text)}' is not a float");
    }

    // Protocol 0 STRING: a Python 2 str literal, quoted, with backslash escapes. Decoded as latin1 text.
    private static string DecodeQuotedString(string line)
    {
        if (line.Length < 2 || line[0] != line[^1] || line[0] is not ('\'' or '"'))
            throw new PickleDataException("a STRING argument is not quoted");
        var body = line.AsSpan(1, line.Length - 2);
        var result = new StringBuilder(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c != '\\' || i + 1 >= body.Length)
            {
                result.Append(c);
                continue;
            }
            var e = body[++i];
            switch (e)
            {
                case '\\' or '\'' or '"': result.Append(e); break;
                case 'n': result.Append('\n'); break;
                case 'r': result.Append('\r'); break;
                case 't': result.Append('\t'); break;
                case 'a': result.Append('\a'); break;
                case 'b': result.Append('\b'); break;
                case 'f': result.Append('\f'); break;
                case 'v': result.Append('\v'); break;
                case 'x' when i + 2 < body.Length && byte.TryParse(body.Slice(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex):
                    result.Append((char)hex);
                    i += 2;
                    break;
                case >= '0' and <= '7':
                {
                    var value = 0;
                    var digits = 0;
                    for (; digits < 3 && i < body.Length && body[i] is >= '0' and <= '7'; digits++, i++)
                        value = value * 8 + (body[i] - '0');
                    i--;
                    result.Append((char)(value & 0xff));
                    break;
                }
                default:
                    result.Append('\\').Append(e);
                    break;
            }
        }
        return result.ToString();
    }

    // Protocol 0 UNICODE: raw-unicode-escape, where only \uXXXX and \UXXXXXXXX are escapes.
    private static string DecodeRawUnicodeEscape(string line)
    {
        if (!line.Contains('\\'))
            return line;
        var result = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length; i++)
        {
            var digits = i + 1 < line.Length ? line[i + 1] switch { 'u' => 4, 'U' => 8, _ => 0 } : 0;
            if (line[i] == '\\' && digits > 0 && i + 2 + digits <= line.Length
                && uint.TryParse(line.AsSpan(i + 2, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code)
                && code <= 0x10ffff && code is < 0xd800 or > 0xdfff)
            {
                result.Append(char.ConvertFromUtf32((int)code));
                i += 1 + digits;
            }
            else
            {
                result.Append(line[i]);
            }
        }
        return result.ToString();
    }
}
