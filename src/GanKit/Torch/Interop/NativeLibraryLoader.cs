using System.Reflection;
using System.Runtime.InteropServices;

namespace GanKit.Torch.Interop;

/// <summary>
/// Finds libgankit_native at run time: <c>GANKIT_NATIVE_LIB</c>, then beside the assembly (copied by the
/// build), then the repository's <c>build/native</c> (so notebooks referencing a build output work too).
/// </summary>
internal static class NativeLibraryLoader
{
    private const string FileName = "libgankit_native.so";

    /// <summary>Installs the resolver; <see cref="NativeMethods"/>' static constructor calls it before any native call.</summary>
    internal static void Register() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != NativeMethods.Library) return IntPtr.Zero;
        foreach (var candidate in Candidates(assembly))
        {
            if (File.Exists(candidate)) return NativeLibrary.Load(candidate);
        }
        throw new DllNotFoundException(
            $"GanKit's native bridge ({FileName}) was not found (looked in: {string.Join(", ", Candidates(assembly))}). " +
            "Run environment/setup to install libtorch and build it, or set GANKIT_NATIVE_LIB to its path.");
    }

    private static IEnumerable<string> Candidates(Assembly assembly)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("GANKIT_NATIVE_LIB");
        if (!string.IsNullOrEmpty(fromEnvironment)) yield return fromEnvironment;
        var folder = Path.GetDirectoryName(assembly.Location);
        if (string.IsNullOrEmpty(folder)) folder = AppContext.BaseDirectory;
        yield return Path.Combine(folder, FileName);
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "GanKit.sln")))
            {
                yield return Path.Combine(dir.FullName, "build", "native", FileName);
                yield break;
            }
        }
    }
}
