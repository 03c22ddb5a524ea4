using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace GanKit.Torch.NativeCompat;

/// <summary>
/// Lets TorchSharp's native library load where the system libstdc++ is older than the one it was built
/// against. <c>libLibTorchSharp.so</c> 0.107 names <c>GLIBCXX_3.4.32</c> (GCC 13) for one symbol,
/// <c>std::ios_base_library_init</c>, that no relocation uses; Debian 12 and Ubuntu 22.04 stop at
/// 3.4.30, so the dynamic loader refuses the file. A copy whose missing version needs are marked weak
/// (<c>VER_FLG_WEAK</c>, two bytes each, nothing else changed) loads and runs. The system, the NuGet cache and
/// the original file stay untouched; on a system whose libstdc++ has every needed version nothing happens.
/// </summary>
internal static class LibStdCxxCompat
{
    private const string LibraryName = "libLibTorchSharp.so";
    private const string ImportName = "LibTorchSharp";
    private const string FolderName = "libstdcxx-compat";

    /// <summary>The patched copy in use in this process, or null when none was needed (or not Linux).</summary>
    internal static string? CopyInUse { get; private set; }

    /// <summary>The needed versions the system libstdc++ lacks, empty when none (set by <see cref="Apply"/>).</summary>
    internal static IReadOnlyList<string> MissingVersions { get; private set; } = [];

    /// <summary>
    /// Loads TorchSharp's native library for it: a patched copy when the libstdc++ in this process lacks a version it
    /// needs, behind <see cref="DeferredScalarRelease"/>'s forwarding library where that can be built. Must run before
    /// TorchSharp's first native call; does nothing on a second call or off Linux.
    /// </summary>
    /// <param name="torchSharp">TorchSharp's assembly (its native library is looked up beside it).</param>
    internal static void Apply(Assembly torchSharp)
    {
        if (!OperatingSystem.IsLinux() || CopyInUse is not null || ImportHandle != IntPtr.Zero) return;
        var original = FindTorchSharpNative(torchSharp);
        var libStdCxx = LoadedLibStdCxx();
        if (original is null || libStdCxx is null) return; // TorchSharp's own loader reports a missing package.

        var needs = ElfVersionNeeds.Parse(File.ReadAllBytes(original), original).Needs;
        var provided = ElfVersionNeeds.Parse(File.ReadAllBytes(libStdCxx), libStdCxx).Definitions;
        var missing = Missing(needs, provided);
        MissingVersions = missing.Select(n => n.Version).ToArray();
        var cacheFolder = CopyFolder(original);
        var real = missing.Count == 0 ? original : WritePatchedCopy(original, missing, cacheFolder);
        // The copy's RUNPATH ($ORIGIN) no longer finds libtorch, nor does the original's in the NuGet cache (notebooks),
        // where libtorch is another package: load the dependencies first; the loader then matches them by SONAME.
        var libtorchFolder = FindLibTorchFolder(original, torchSharp)
            ?? throw new DllNotFoundException($"libtorch (libtorch_cpu.so) was not found beside {original} or in the NuGet packages folder");
        foreach (var dependency in new[] { "libc10.so", "libtorch_cpu.so", "libtorch.so" })
            NativeLibrary.Load(Path.Combine(libtorchFolder, dependency));
        var realHandle = NativeLibrary.Load(real);
        if (missing.Count > 0) CopyInUse = real;

        // TorchSharp imports "LibTorchSharp": hand it the library that forwards to the real one with delayed scalar
        // frees, else the patched copy; with neither, TorchSharp loads the original itself.
        var shim = DeferredScalarRelease.TryLoad(real, realHandle, cacheFolder);
        var handle = shim != IntPtr.Zero ? shim : missing.Count > 0 ? realHandle : IntPtr.Zero;
        if (handle == IntPtr.Zero) return;
        try
        {
            NativeLibrary.SetDllImportResolver(torchSharp, (name, _, _) => name == ImportName ? handle : IntPtr.Zero);
            ImportHandle = handle;
        }
        catch (InvalidOperationException)
        {
            // Another resolver is set already; the bare-name probe still matches the copy's SONAME.
        }
    }

    /// <summary>The library handle TorchSharp's imports resolve to, or zero when TorchSharp loads its own.</summary>
    private static IntPtr ImportHandle { get; set; }

    /// <summary>The libstdc++ versions in <paramref name="needs"/> that <paramref name="provided"/> lacks and that are not weak.</summary>
    internal static IReadOnlyList<VersionNeed> Missing(IEnumerable<VersionNeed> needs, IEnumerable<string> provided)
    {
        var have = provided.ToHashSet(StringComparer.Ordinal);
        return needs.Where(n => n.File.StartsWith("libstdc++", StringComparison.Ordinal) && !n.IsWeak && !have.Contains(n.Version)).ToList();
    }

    /// <summary>
    /// Writes (atomically, once) a copy of <paramref name="original"/> into <paramref name="folder"/> with the
    /// given needs marked weak, and returns its path.
    /// </summary>
    internal static string WritePatchedCopy(string original, IReadOnlyList<VersionNeed> weaken, string folder)
    {
        var bytes = File.ReadAllBytes(original);
        foreach (var need in weaken)
        {
            var flags = (ushort)(need.Flags | ElfVersionNeeds.VerFlgWeak);
            bytes[need.FlagsOffset] = (byte)flags;
            bytes[need.FlagsOffset + 1] = (byte)(flags >> 8);
        }
        var path = Path.Combine(folder, LibraryName);
        if (File.Exists(path) && File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes)) return path;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{LibraryName}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
        return path;
    }

    /// <summary>
    /// Beside GanKit's assembly when that is a build output; in the user's cache when GanKit runs from the
    /// NuGet packages folder (notebooks), which must stay untouched. One folder per original file.
    /// </summary>
    private static string CopyFolder(string original)
    {
        var ganKitFolder = Path.GetDirectoryName(typeof(LibStdCxxCompat).Assembly.Location);
        if (!string.IsNullOrEmpty(ganKitFolder) && !IsInPackagesFolder(ganKitFolder) && IsWritable(ganKitFolder))
            return Path.Combine(ganKitFolder, FolderName);
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (string.IsNullOrEmpty(cache)) cache = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        var id = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(original)))[..16].ToLowerInvariant();
        return Path.Combine(cache, "gankit", FolderName, id);
    }

    private static bool IsInPackagesFolder(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, ".nupkg.metadata"))) return true;
        }
        return false;
    }

    private static bool IsWritable(string folder)
    {
        try
        {
            var probe = Path.Combine(folder, $".gankit-write-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Where TorchSharp's native library is: the build output's runtimes folder, beside the assembly, or its NuGet package.</summary>
    internal static string? FindTorchSharpNative(Assembly torchSharp) =>
        NativeFolders(torchSharp).Select(f => Path.Combine(f, LibraryName)).FirstOrDefault(File.Exists);

    private static string? FindLibTorchFolder(string original, Assembly torchSharp)
    {
        var candidates = new List<string> { Path.GetDirectoryName(original)! };
        candidates.AddRange(NativeFolders(torchSharp));
        // NuGet cache layout (notebooks): packages/libtorch-cpu-linux-x64/<version>/runtimes/linux-x64/native.
        var packages = PackagesRoot(torchSharp);
        if (packages is not null && Directory.Exists(packages))
        {
            candidates.AddRange(Directory.EnumerateDirectories(packages, "libtorch-*linux-x64*")
                .SelectMany(Directory.EnumerateDirectories)
                .OrderByDescending(v => v, StringComparer.Ordinal)
                .Select(v => Path.Combine(v, "runtimes", "linux-x64", "native")));
        }
        return candidates.FirstOrDefault(f => File.Exists(Path.Combine(f, "libtorch_cpu.so")));
    }

    private static IEnumerable<string> NativeFolders(Assembly torchSharp)
    {
        var folder = Path.GetDirectoryName(torchSharp.Location);
        if (!string.IsNullOrEmpty(folder))
        {
            yield return Path.Combine(folder, "runtimes", "linux-x64", "native");
            yield return folder;
            // packages/torchsharp/<version>/lib/<tfm>/TorchSharp.dll → packages/torchsharp/<version>/runtimes/...
            yield return Path.GetFullPath(Path.Combine(folder, "..", "..", "runtimes", "linux-x64", "native"));
        }
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirectories)
        {
            foreach (var dir in searchDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)) yield return dir;
        }
    }

    private static string? PackagesRoot(Assembly torchSharp)
    {
        var folder = Path.GetDirectoryName(torchSharp.Location);
        if (!string.IsNullOrEmpty(folder) && IsInPackagesFolder(folder)) return Path.GetFullPath(Path.Combine(folder, "..", "..", "..", ".."));
        var fromEnvironment = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        return string.IsNullOrEmpty(fromEnvironment)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages")
            : fromEnvironment;
    }

    /// <summary>The libstdc++ this process has loaded (the .NET host links it), from <c>/proc/self/maps</c>.</summary>
    internal static string? LoadedLibStdCxx()
    {
        try
        {
            return File.ReadLines("/proc/self/maps")
                .Select(line => line.IndexOf('/') is var at and >= 0 ? line[at..] : null)
                .FirstOrDefault(path => path is not null && Path.GetFileName(path).StartsWith("libstdc++.so", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return null;
        }
    }
}
