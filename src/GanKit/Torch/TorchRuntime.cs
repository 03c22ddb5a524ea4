using System.Reflection;
using System.Runtime.InteropServices;
using GanKit.Torch.NativeCompat;
using TorchSharp;

namespace GanKit.Torch;

/// <summary>
/// Prepares TorchSharp for GanKit once per process: the libstdc++ compatibility copy where the system needs it,
/// the CPU memory setting, intra-op threads = cores, and oneDNN convolutions checked (channels padded, or oneDNN off, where they are wrong). GanKit calls it before its first tensor; code that
/// calls TorchSharp before touching GanKit can call <see cref="EnsureInitialized"/> itself.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<bool> Initialized = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Runs the one-time set-up if it has not run yet. Safe to call from any thread, any number of times.</summary>
    public static void EnsureInitialized() => _ = Initialized.Value;

    /// <summary>Whether freed CPU tensor memory is kept for reuse (glibc's malloc tuned at start; off with <c>GANKIT_MALLOC=system</c>).</summary>
    public static bool KeepsFreedMemory { get; private set; }

    /// <summary>
    /// Whether oneDNN was turned off for CPU convolutions because its float32 result was wrong on this CPU even with
    /// padded channels (see <see cref="OneDnnConvolution"/> and <c>GANKIT_ONEDNN</c> in the README).
    /// </summary>
    public static bool OneDnnOff => OneDnnConvolution == OneDnnConvolutionMode.Off;

    /// <summary>How float32 CPU convolutions run on this CPU, as the start-up check of oneDNN found.</summary>
    public static OneDnnConvolutionMode OneDnnConvolution
    {
        get { EnsureInitialized(); return _oneDnnConvolution; }
    }

    /// <summary>Whether dense CPU convolutions pad their channels (read by every network convolution, so no initialisation check).</summary>
    internal static bool PadsConvolutionChannels => _oneDnnConvolution == OneDnnConvolutionMode.ChannelsPadded;

    private static OneDnnConvolutionMode _oneDnnConvolution;

    /// <summary>The patched copy of <c>libLibTorchSharp.so</c> in use, or null when the system libstdc++ needed none.</summary>
    public static string? LibStdCxxCompatCopy
    {
        get { EnsureInitialized(); return LibStdCxxCompat.CopyInUse; }
    }

    /// <summary>
    /// The library that forwards TorchSharp's native calls and delays scalar frees (closing TorchSharp's scalar
    /// use-after-free race), or null with <see cref="DeferredScalarReleaseMissing"/> saying why.
    /// </summary>
    public static string? DeferredScalarReleaseLibrary
    {
        get { EnsureInitialized(); return DeferredScalarRelease.ShimInUse; }
    }

    /// <summary>Why <see cref="DeferredScalarReleaseLibrary"/> is null (not Linux, no C compiler, ...), or null when it is in use.</summary>
    public static string? DeferredScalarReleaseMissing
    {
        get
        {
            EnsureInitialized();
            return DeferredScalarRelease.ShimInUse is not null ? null
                : DeferredScalarRelease.NotInUseBecause ?? (OperatingSystem.IsLinux() ? "TorchSharp loaded its own native library" : "Linux only");
        }
    }

    /// <summary>The TorchSharp package version (e.g. 0.107.0).</summary>
    public static string TorchSharpVersion =>
        (typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?").Split('+')[0];

    /// <summary>The libtorch version TorchSharp runs on (e.g. 2.10.0).</summary>
    public static string LibTorchVersion
    {
        get
        {
            EnsureInitialized();
            // TorchSharp reports the package's four-part version (2.10.0.0); PyTorch names it 2.10.0.
            var parts = torch.__version__.Split('.');
            return parts.Length == 4 && parts[3] == "0" ? string.Join('.', parts[..3]) : torch.__version__;
        }
    }

    private static bool Initialize()
    {
        LibStdCxxCompat.Apply(typeof(torch).Assembly);
        // Large CPU tensors reuse freed memory instead of a fresh mmap each; GANKIT_MALLOC=system leaves the
        // C library's defaults.
        if (Environment.GetEnvironmentVariable("GANKIT_MALLOC") != "system") KeepsFreedMemory = CpuMemory.KeepFreedMemory();
        var requested = Environment.GetEnvironmentVariable("GANKIT_THREADS");
        torch.set_num_threads(int.TryParse(requested, out var n) && n > 0 ? n : Environment.ProcessorCount);
        _oneDnnConvolution = OneDnnConvolutionCheck.Apply();
        return true;
    }
}
