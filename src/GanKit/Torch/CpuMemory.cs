using System.Runtime.InteropServices;

namespace GanKit.Torch;

/// <summary>
/// glibc serves every block above 32 MB with a fresh mmap and returns it on free, so each large temporary
/// tensor (a feature map at 128² and up) pays page faults on every touch: measured 10× slower FIR filters and
/// 1.7× slower generators. Serving all blocks from the heap and never trimming it keeps that memory for
/// reuse, as caching allocators do; resident memory then stays at the peak of the work.
/// </summary>
internal static partial class CpuMemory
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_MAX = -4;

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int mallopt(int param, int value);

    /// <summary>Applies the setting; false where the C library is not glibc or refuses it.</summary>
    internal static bool KeepFreedMemory()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return mallopt(M_MMAP_MAX, 0) == 1 && mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // musl and others have no mallopt
        }
    }
}
