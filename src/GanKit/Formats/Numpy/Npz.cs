using System.IO.Compression;
using GanKit.Imaging;
using GanKit.Torch;

namespace GanKit.Formats.Numpy;

/// <summary>
/// Reads and writes NumPy's .npz archives (what <c>numpy.savez</c> and <c>numpy.savez_compressed</c> write): a zip of
/// .npy members, stored or deflated, one per array, whose key is the member name without <c>.npy</c>.
/// </summary>
public static class Npz
{
    /// <summary>Reads every array of a .npz archive, in archive order.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="GanKitFormatException">The file is not a zip, or a member is not a supported .npy array.</exception>
    public static IReadOnlyDictionary<string, RawTensor> Read(string path)
    {
        using var stream = Npy.OpenRead(path);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read);
        }
        catch (InvalidDataException e)
        {
            throw new GanKitFormatException(path, $"not a .npz file (not a readable zip archive: {e.Message})", e);
        }

        using (zip)
        {
            var arrays = new Dictionary<string, RawTensor>(StringComparer.Ordinal);
            foreach (var entry in zip.Entries)
            {
                if (entry.FullName.EndsWith('/')) continue;  // a folder entry holds no array
                var key = entry.FullName.EndsWith(".npy", StringComparison.Ordinal) ? entry.FullName[..^4] : entry.FullName;
                var memberName = $"{path} (member '{entry.FullName}')";
                RawTensor array;
                try
                {
                    using var member = entry.Open();
                    array = Npy.Read(member, memberName);
                }
                catch (InvalidDataException e)
                {
                    throw new GanKitFormatException(memberName, $"the member is corrupt or truncated ({e.Message})", e);
                }
                if (!arrays.TryAdd(key, array))
                    throw new GanKitFormatException(path, $"the archive holds array '{key}' twice");
            }
            return arrays;
        }
    }

    /// <summary>Reads every array of a .npz archive as TorchSharp tensors.</summary>
    /// <param name="path">The file.</param>
    /// <param name="device">Where the tensors live; the CPU when null.</param>
    /// <exception cref="GanKitFormatException">The file is not a zip, or a member is not a supported .npy array.</exception>
    public static Dictionary<string, Tensor> ReadTensors(string path, Device? device = null)
    {
        var arrays = Read(path);
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            foreach (var (key, array) in arrays)
                tensors.Add(key, array.ToTensor(device));
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
        return tensors;
    }

    /// <summary>Writes arrays as a .npz archive (atomically: a temporary file, then a rename).</summary>
    /// <param name="path">The file.</param>
    /// <param name="arrays">Key → array; each key becomes member <c>key.npy</c>.</param>
    /// <param name="compress">Deflate the members, as <c>numpy.savez_compressed</c> does; otherwise store them, as <c>numpy.savez</c>.</param>
    /// <exception cref="ArgumentException">A key is empty, or an array cannot be written as .npy.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, RawTensor> arrays, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(arrays);
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (key, array) in arrays)
            {
                if (string.IsNullOrEmpty(key))
                    throw new ArgumentException("a .npz array needs a non-empty key", nameof(arrays));
                var bytes = Npy.Encode(array);
                var entry = zip.CreateEntry(key + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var member = entry.Open();
                member.Write(bytes);
            }
        }
        AtomicFile.WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Writes tensors (from any device) as a .npz archive (atomically).</summary>
    /// <param name="path">The file.</param>
    /// <param name="tensors">Key → tensor; dtypes must have NumPy counterparts (not bfloat16).</param>
    /// <param name="compress">Deflate the members (<c>savez_compressed</c>); otherwise store them (<c>savez</c>).</param>
    /// <exception cref="ArgumentException">A key is empty, or a tensor's dtype has no NumPy counterpart.</exception>
    public static void Write(string path, IReadOnlyDictionary<string, Tensor> tensors, bool compress = false)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        Write(path, tensors.ToDictionary(kv => kv.Key, kv => RawTensor.FromTensor(kv.Value), StringComparer.Ordinal), compress);
    }
}
