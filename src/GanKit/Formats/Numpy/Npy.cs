using System.Buffers.Binary;
using System.Text;
using GanKit.Imaging;
using GanKit.Torch;

namespace GanKit.Formats.Numpy;

/// <summary>
/// Reads and writes NumPy's .npy format (versions 1.0, 2.0 and 3.0): the magic string <c>\x93NUMPY</c>, a version,
/// the header length, a Python dict literal naming dtype, order and shape, then the array's bytes in C order.
/// Supported dtypes are little-endian (or byte-sized) <c>f2 f4 f8 i1 i2 i4 i8 u1 b1</c>; big-endian, Fortran-order,
/// structured and object arrays are refused with a <see cref="GanKitFormatException"/>.
/// Files are written as version 1.0 (2.0 when the header needs it), with the data aligned to 64 bytes.
/// </summary>
public static class Npy
{
    /// <summary>Reads a .npy file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="GanKitFormatException">The file is truncated, corrupt, not .npy, or holds an unsupported array.</exception>
    public static RawTensor Read(string path)
    {
        using var stream = OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a .npy file as a TorchSharp tensor.</summary>
    /// <param name="path">The file.</param>
    /// <param name="device">Where the tensor lives; the CPU when null.</param>
    /// <exception cref="GanKitFormatException">The file is truncated, corrupt, not .npy, or holds an unsupported array.</exception>
    public static Tensor ReadTensor(string path, Device? device = null) => Read(path).ToTensor(device);

    /// <summary>
    /// Reads one .npy array from <paramref name="stream"/>, which must hold exactly that array (trailing bytes are
    /// an error, as they mean the shape disagrees with the data).
    /// </summary>
    /// <param name="stream">The array's bytes; need not be seekable.</param>
    /// <param name="name">The file (or member) name errors carry.</param>
    /// <exception cref="GanKitFormatException">The data is truncated, corrupt, not .npy, or holds an unsupported array.</exception>
    public static RawTensor Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Exception Fail(string problem) => new GanKitFormatException(name, problem);

        Span<byte> prefix = stackalloc byte[12];
        if (ReadFull(stream, prefix[..8]) < 8 || !prefix[..6].SequenceEqual(NpyHeader.Magic))
            throw Fail("not a .npy file (it does not start with the magic string \\x93NUMPY)");
        var major = prefix[6];
        int headerLength;
        switch (major)
        {
            case 1:
                if (ReadFull(stream, prefix.Slice(8, 2)) < 2) throw Fail("the .npy file is truncated in its header length");
                headerLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..]);
                break;
            case 2 or 3:
                if (ReadFull(stream, prefix.Slice(8, 4)) < 4) throw Fail("the .npy file is truncated in its header length");
                var length = BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..]);
                // Real headers are a few hundred bytes; refuse absurd lengths before allocating them.
                if (length > 16 * 1024 * 1024) throw Fail($"the .npy header claims {length} bytes, more than any real header");
                headerLength = (int)length;
                break;
            default:
                throw Fail($"unsupported .npy format version {major}.{prefix[7]} (expected 1.0, 2.0 or 3.0)");
        }

        var headerBytes = new byte[headerLength];
        var got = ReadFull(stream, headerBytes);
        if (got < headerLength)
            throw Fail($"the .npy header claims {headerLength} bytes but the file ends after {got}");
        // Versions 1.0 and 2.0 store the header in latin-1, 3.0 in UTF-8.
        var text = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        var (dtype, shape) = NpyHeader.Parse(text, Fail);

        long count = 1;
        try
        {
            foreach (var d in shape) count = checked(count * d);
            count = checked(count * dtype.ElementSize());
        }
        catch (OverflowException)
        {
            throw Fail($"the shape ({string.Join(", ", shape)}) is too large");
        }
        string Needs(long available) =>
            $"the shape ({string.Join(", ", shape)}) of {dtype.NumpyDescr()} needs {count} data bytes but {available} follow the header";
        if (stream.CanSeek)
        {
            var available = stream.Length - stream.Position;
            if (available < count) throw Fail("the file is truncated: " + Needs(available));
            if (available > count) throw Fail(Needs(available));
        }
        if (count > Array.MaxLength)
            throw Fail($"the array's {count} bytes exceed what GanKit holds in memory");

        var data = new byte[count];
        got = ReadFull(stream, data);
        if (got < count)
            throw Fail("the file is truncated: " + Needs(got));
        Span<byte> extra = stackalloc byte[1];
        if (stream.Read(extra) > 0)
            throw Fail($"the shape ({string.Join(", ", shape)}) of {dtype.NumpyDescr()} needs {count} data bytes but more follow the header");
        return new RawTensor(dtype, shape, data);
    }

    /// <summary>Parses an in-memory .npy file.</summary>
    /// <param name="bytes">The whole file.</param>
    /// <param name="name">The name errors carry.</param>
    /// <exception cref="GanKitFormatException">The data is truncated, corrupt, not .npy, or holds an unsupported array.</exception>
    public static RawTensor Parse(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Read(stream, name);
    }

    /// <summary>The .npy encoding of an array (header padded so the data starts at a multiple of 64 bytes).</summary>
    /// <param name="array">The array; its bytes must match its shape and dtype.</param>
    /// <exception cref="ArgumentException">The bytes disagree with the shape, or the dtype has no NumPy counterpart (bfloat16).</exception>
    public static byte[] Encode(RawTensor array)
    {
        ArgumentNullException.ThrowIfNull(array);
        var header = NpyHeader.Encode(CheckDType(array.DType), array.Shape);
        var expected = array.ElementCount * array.DType.ElementSize();
        if (array.Data.LongLength != expected)
            throw new ArgumentException($"the array holds {array.Data.LongLength} bytes but its shape [{string.Join(", ", array.Shape)}] of {array.DType.TorchName()} needs {expected}", nameof(array));
        var bytes = new byte[header.Length + array.Data.Length];
        header.CopyTo(bytes, 0);
        array.Data.CopyTo(bytes, header.Length);
        return bytes;
    }

    /// <summary>Writes an array as a .npy file (atomically: a temporary file, then a rename).</summary>
    /// <param name="path">The file.</param>
    /// <param name="array">The array.</param>
    /// <exception cref="ArgumentException">The bytes disagree with the shape, or the dtype has no NumPy counterpart (bfloat16).</exception>
    public static void Write(string path, RawTensor array) => AtomicFile.WriteAllBytes(path, Encode(array));

    /// <summary>Writes a tensor (from any device) as a .npy file (atomically).</summary>
    /// <param name="path">The file.</param>
    /// <param name="tensor">The tensor; its dtype must have a NumPy counterpart (not bfloat16).</param>
    /// <exception cref="ArgumentException">The dtype has no NumPy counterpart.</exception>
    public static void Write(string path, Tensor tensor) => Write(path, RawTensor.FromTensor(tensor));

    internal static ScalarType CheckDType(ScalarType dtype)
    {
        try
        {
            _ = dtype.NumpyDescr();
            return dtype;
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new ArgumentException($"a {dtype.TorchName()} array cannot be saved as .npy: NumPy has no such dtype (convert it, e.g. to float32, first)");
        }
    }

    internal static FileStream OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16);
    }

    private static int ReadFull(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
