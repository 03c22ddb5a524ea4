using System.Globalization;
using System.Text;
using GanKit.Torch;

namespace GanKit.Formats.Numpy;

/// <summary>
/// The header of a .npy array: its dtype and shape, parsed from (or written as) the Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), }</c> that the NumPy format (versions 1.0, 2.0 and
/// 3.0) stores after the magic string, version and header length.
/// </summary>
internal static class NpyHeader
{
    /// <summary>The magic string every .npy file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Data starts at a multiple of this many bytes, as NumPy writes it.</summary>
    public const int Alignment = 64;

    /// <summary>Builds the whole preamble (magic, version, length, padded header) for an array.</summary>
    public static byte[] Encode(ScalarType dtype, long[] shape)
    {
        var dims = shape.Length switch
        {
            0 => "()",
            1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
            _ => "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")",
        };
        var dict = $"{{'descr': '{dtype.NumpyDescr()}', 'fortran_order': False, 'shape': {dims}, }}";
        // Version 1.0 stores the header length in 2 bytes; a longer header (very high rank) needs 2.0's 4 bytes.
        var version = dict.Length + 1 + 10 <= ushort.MaxValue ? 1 : 2;
        var prefix = version == 1 ? 10 : 12;
        var total = (prefix + dict.Length + 1 + Alignment - 1) / Alignment * Alignment;
        var headerLength = total - prefix;
        var bytes = new byte[total];
        Magic.CopyTo(bytes);
        bytes[6] = (byte)version;
        bytes[7] = 0;
        if (version == 1)
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        else
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        bytes.AsSpan(prefix, headerLength).Fill((byte)' ');
        Encoding.ASCII.GetBytes(dict, bytes.AsSpan(prefix));
        bytes[total - 1] = (byte)'\n';
        return bytes;
    }

    /// <summary>
    /// Parses the header dict. <paramref name="fail"/> turns a problem into the exception to throw (it names the file).
    /// </summary>
    public static (ScalarType DType, long[] Shape) Parse(string text, Func<string, Exception> fail)
    {
        Dictionary<string, object?> dict;
        try
        {
            var parser = new LiteralParser(text);
            dict = parser.ParseDict();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw fail($"the .npy header is not a valid Python dict literal ({e.Message}): {Shorten(text)}");
        }

        if (!dict.TryGetValue("descr", out var descrValue))
            throw fail("the .npy header has no 'descr'");
        if (descrValue is not string descr)
            throw fail($"the .npy header's 'descr' is a structured dtype; only plain numeric and bool arrays are supported: {Shorten(text)}");
        if (!dict.TryGetValue("shape", out var shapeValue) || shapeValue is not List<object?> dims)
            throw fail("the .npy header has no 'shape' tuple");
        var shape = new long[dims.Count];
        for (var i = 0; i < dims.Count; i++)
        {
            if (dims[i] is not long d || d < 0)
                throw fail($"the .npy header's shape has an invalid dimension: {Shorten(text)}");
            shape[i] = d;
        }
        if (!dict.TryGetValue("fortran_order", out var fortran) || fortran is not bool isFortran)
            throw fail("the .npy header has no boolean 'fortran_order'");
        // For rank 0 and 1 the two orders lay the bytes out the same way.
        if (isFortran && shape.Count(d => d != 1) > 1)
            throw fail("the array is stored in Fortran (column-major) order, which GanKit does not read; save it with numpy.ascontiguousarray first");

        return (ParseDescr(descr, fail), shape);
    }

    private static ScalarType ParseDescr(string descr, Func<string, Exception> fail)
    {
        if (descr.Length < 2)
            throw fail($"unknown NumPy dtype '{descr}'");
        var order = descr[0];
        var rest = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        if (rest.Length < 1)
            throw fail($"unknown NumPy dtype '{descr}'");
        var kind = rest[0];
        if (kind == 'O')
            throw fail($"the array holds Python objects (dtype '{descr}'), which GanKit does not read (it would need unpickling)");
        if (!int.TryParse(rest.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            throw fail($"unknown NumPy dtype '{descr}'");
        if (order == '>' && size > 1)
            throw fail($"the array is big-endian (dtype '{descr}'); GanKit reads little-endian arrays only (convert with arr.astype('<{rest}'))");
        return ScalarTypes.FromNumpy(kind, size)
               ?? throw fail($"unsupported NumPy dtype '{descr}': expected one of f2 f4 f8 i1 i2 i4 i8 u1 b1");
    }

    private static string Shorten(string text) => text.Length <= 200 ? text.TrimEnd() : text[..200] + "...";

    /// <summary>A parser for the small subset of Python literals .npy headers use: dicts, tuples/lists, strings, ints, booleans, None.</summary>
    private sealed class LiteralParser(string text)
    {
        private int _pos;

        public Dictionary<string, object?> ParseDict()
        {
            SkipSpace();
            if (ParseValue() is not Dictionary<string, object?> dict)
                throw new FormatException("expected a dict");
            SkipSpace();
            if (_pos != text.Length)
                throw new FormatException($"unexpected text at offset {_pos}");
            return dict;
        }

        private object? ParseValue()
        {
            SkipSpace();
            if (_pos >= text.Length) throw new FormatException("unexpected end of header");
            var c = text[_pos];
            switch (c)
            {
                case '{':
                {
                    _pos++;
                    var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
                    while (true)
                    {
                        SkipSpace();
                        if (Peek() == '}') { _pos++; return dict; }
                        if (ParseValue() is not string key) throw new FormatException("dict keys must be strings");
                        SkipSpace();
                        Expect(':');
                        var value = ParseValue();
                        if (!dict.TryAdd(key, value)) throw new FormatException($"duplicate key '{key}'");
                        SkipSpace();
                        if (Peek() == ',') _pos++;
                        else if (Peek() != '}') throw new FormatException($"expected ',' or '}}' at offset {_pos}");
                    }
                }
                case '(' or '[':
                {
                    var close = c == '(' ? ')' : ']';
                    _pos++;
                    var items = new List<object?>();
                    while (true)
                    {
                        SkipSpace();
                        if (Peek() == close) { _pos++; return items; }
                        items.Add(ParseValue());
                        SkipSpace();
                        if (Peek() == ',') _pos++;
                        else if (Peek() != close) throw new FormatException($"expected ',' or '{close}' at offset {_pos}");
                    }
                }
                case '\'' or '"':
                {
                    _pos++;
                    var sb = new StringBuilder();
                    while (true)
                    {
                        if (_pos >= text.Length) throw new FormatException("unterminated string");
                        var ch = text[_pos++];
                        if (ch == c) return sb.ToString();
                        if (ch == '\\')
                        {
                            if (_pos >= text.Length) throw new FormatException("unterminated string");
                            ch = text[_pos++];
                        }
                        sb.Append(ch);
                    }
                }
                default:
                    if (char.IsAsciiDigit(c) || c == '-' || c == '+')
                    {
                        var start = _pos++;
                        while (_pos < text.Length && char.IsAsciiDigit(text[_pos])) _pos++;
                        var number = long.Parse(text.AsSpan(start, _pos - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                        if (_pos < text.Length && text[_pos] is 'L' or 'l') _pos++;  // Python 2 long literal
                        return number;
                    }
                    if (TryWord("True")) return true;
                    if (TryWord("False")) return false;
                    if (TryWord("None")) return null;
                    throw new FormatException($"unexpected '{c}' at offset {_pos}");
            }
        }

        private bool TryWord(string word)
        {
            if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0) return false;
            _pos += word.Length;
            return true;
        }

        private char Peek() => _pos < text.Length ? text[_pos] : throw new FormatException("unexpected end of header");

        private void Expect(char c)
        {
            if (Peek() != c) throw new FormatException($"expected '{c}' at offset {_pos}");
            _pos++;
        }

        private void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }
    }
}
