using System.IO.Compression;

namespace GanKit.Training.Data;

/// <summary>
/// The files of a dataset being made, in a temporary zip or folder beside the destination (same file system, so
/// the final step is a rename): a reader never sees a half-written dataset, and a failure leaves nothing behind.
/// </summary>
internal abstract class DatasetOutput : IDisposable
{
    protected DatasetOutput(string dest, string temp)
    {
        Dest = dest;
        Temp = temp;
    }

    /// <summary>Where the dataset goes.</summary>
    public string Dest { get; }

    /// <summary>The temporary zip or folder being written.</summary>
    protected string Temp { get; }

    /// <summary>Whether <see cref="Commit"/> has moved the dataset into place.</summary>
    protected bool Committed { get; set; }

    /// <summary>Adds one file (a '/'-separated name).</summary>
    public abstract void Write(string name, byte[] bytes);

    /// <summary>Moves the finished dataset into place.</summary>
    public abstract void Commit();

    /// <summary>Removes the temporary files unless committed.</summary>
    public abstract void Dispose();

    /// <summary>Starts a dataset at <paramref name="dest"/>: a zip when it ends in .zip, else a folder (new or empty).</summary>
    public static DatasetOutput Create(string dest)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(dest));
        var folder = Path.GetDirectoryName(full) ?? ".";
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        var isZip = full.EndsWith(".zip", StringComparison.OrdinalIgnoreCase);
        if (isZip && Directory.Exists(full)) throw new IOException($"--dest '{dest}' is a folder; name a new .zip or a folder without the .zip ending.");
        if (!isZip && File.Exists(full)) throw new IOException($"--dest '{dest}' is a file: expected a .zip, or a folder that is new or empty.");
        if (!isZip && Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new IOException($"--dest '{dest}' already exists and is not empty: expected a new or empty folder, or a .zip.");
        try
        {
            Directory.CreateDirectory(folder);
            return isZip ? new ZipOutput(full, temp) : new FolderOutput(full, temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot write the dataset to '{dest}': {e.Message}", e);
        }
    }

    private sealed class ZipOutput : DatasetOutput
    {
        private static readonly DateTimeOffset FixedTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

        private readonly FileStream _file;
        private readonly ZipArchive _zip;

        public ZipOutput(string dest, string temp) : base(dest, temp)
        {
            _file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            _zip = new ZipArchive(_file, ZipArchiveMode.Create, leaveOpen: true);
        }

        public override void Write(string name, byte[] bytes)
        {
            // PNGs are compressed already; stored entries are what the reference tool writes, and read fastest.
            var entry = _zip.CreateEntry(name, name.EndsWith(".json", StringComparison.Ordinal) ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
            entry.LastWriteTime = FixedTime; // the same content gives the same zip bytes
            using var stream = entry.Open();
            stream.Write(bytes);
        }

        public override void Commit()
        {
            _zip.Dispose();
            _file.Flush(flushToDisk: true);
            _file.Dispose();
            File.Move(Temp, Dest, overwrite: true);
            Committed = true;
        }

        public override void Dispose()
        {
            if (Committed) return;
            _zip.Dispose();
            _file.Dispose();
            try { File.Delete(Temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private sealed class FolderOutput : DatasetOutput
    {
        public FolderOutput(string dest, string temp) : base(dest, temp) => Directory.CreateDirectory(temp);

        public override void Write(string name, byte[] bytes)
        {
            var path = Path.Combine(Temp, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }

        public override void Commit()
        {
            if (Directory.Exists(Dest)) Directory.Delete(Dest); // empty: checked when the output was created
            Directory.Move(Temp, Dest);
            Committed = true;
        }

        public override void Dispose()
        {
            if (Committed) return;
            try { Directory.Delete(Temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
