using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace GanKit.Torch.NativeCompat;

/// <summary>
/// Closes a use-after-free race in TorchSharp 0.107. An operator such as <c>a + b</c> or <c>x * 0.5</c> creates a
/// temporary <c>Scalar</c>, reads its native handle and calls libtorch; from then on nothing references the managed
/// object, so a garbage collection started by another thread during the call lets the finalizer thread free the native
/// scalar while libtorch still reads it ("Unknown scalar type", "Expected false to be true" from <c>Scalar.h</c>). A
/// thread allocating in a loop beside <c>x + y</c> made it fail within 0.1 s; it hit parallel tests, the projection
/// benchmark and long training runs. The fix sits between TorchSharp and its native library: a small library, compiled
/// once per <c>libLibTorchSharp.so</c> with the system C compiler and cached like the libstdc++ copy, forwards every
/// function unchanged except <c>THSTorch_dispose_scalar</c>, which takes a scalar back only 100 ms after it was released,
/// long after any call that could still read it has returned (libtorch copies a scalar argument as the call starts;
/// 100 ms also covers the calling thread losing its time slice). Scalars made from numbers are moved into the
/// library's own pool of slots as they are made: held back in the C heap (GanKit turns off its mmap use), they pinned
/// small blocks among freed large ones and grew a streaming run's memory by 24–34 MiB; other scalars wait in a queue. Linux only;
/// without a C compiler (or with <c>GANKIT_SCALAR_RELEASE=immediate</c>) TorchSharp's own behaviour stays.
/// </summary>
internal static class DeferredScalarRelease
{
    private const string InitEntry = "gankit_deferred_release_init";

    /// <summary>The forwarding library in use, or null.</summary>
    internal static string? ShimInUse { get; private set; }

    /// <summary>Why the forwarding library is not in use, or null when it is.</summary>
    internal static string? NotInUseBecause { get; private set; }

    /// <summary>
    /// Builds (once) and loads the forwarding library for <paramref name="realLibrary"/>, already loaded as
    /// <paramref name="realHandle"/>; returns its handle for TorchSharp's imports, or <see cref="IntPtr.Zero"/>.
    /// </summary>
    internal static IntPtr TryLoad(string realLibrary, IntPtr realHandle, string cacheFolder)
    {
        if (Environment.GetEnvironmentVariable("GANKIT_SCALAR_RELEASE") == "immediate")
        {
            NotInUseBecause = "GANKIT_SCALAR_RELEASE=immediate";
            return IntPtr.Zero;
        }
        try
        {
            // One file per real library and generator: the function list follows from the library, the rest of the
            // source from this class (its text without functions), so nm and cc run only when either changes.
            var template = Encoding.UTF8.GetBytes(Source([]));
            var id = Convert.ToHexString(SHA256.HashData([.. File.ReadAllBytes(realLibrary), .. template]))[..16].ToLowerInvariant();
            var shim = Path.Combine(cacheFolder, $"libgankit-scalar-release-{id}.so");
            if (!File.Exists(shim) && !Build(realLibrary, shim)) return IntPtr.Zero;
            var handle = NativeLibrary.Load(shim);
            int status;
            unsafe
            {
                var init = (delegate* unmanaged<IntPtr, int>)NativeLibrary.GetExport(handle, InitEntry);
                status = init(realHandle);
            }
            if (status != 0)
            {
                NotInUseBecause = $"{shim} could not find function {-status} of {realLibrary}";
                return IntPtr.Zero;
            }
            ShimInUse = shim;
            return handle;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            NotInUseBecause = e.Message;
            return IntPtr.Zero;
        }
    }

    /// <summary>The real library's exported THS functions except the one replaced, from <c>nm</c>; null when that fails.</summary>
    private static string[]? ExportedFunctions(string realLibrary)
    {
        var nm = Run("nm", ["-D", "--defined-only", realLibrary]);
        if (nm is null) return null;
        var functions = nm.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length == 3 && f[1] == "T" && f[2].StartsWith("THS", StringComparison.Ordinal) && f[2] != "THSTorch_dispose_scalar")
            .Select(f => f[2])
            .ToArray();
        if (functions.Length > 0) return functions;
        NotInUseBecause = $"no THS functions found in {realLibrary}";
        return null;
    }

    /// <summary>Generates the forwarding library for <paramref name="realLibrary"/> and compiles it into <paramref name="shim"/> (atomically).</summary>
    private static bool Build(string realLibrary, string shim)
    {
        var functions = ExportedFunctions(realLibrary);
        if (functions is null) return false;
        var source = Source(functions);
        var folder = Path.GetDirectoryName(shim)!;
        Directory.CreateDirectory(folder);
        var sourceFile = Path.Combine(folder, $".scalar-release.{Environment.ProcessId}.c");
        var temporary = Path.Combine(folder, $".scalar-release.{Environment.ProcessId}.so");
        File.WriteAllText(sourceFile, source);
        try
        {
            if (Run("cc", ["-O2", "-shared", "-fPIC", "-o", temporary, sourceFile, "-ldl", "-lpthread"]) is null) return false;
            File.Move(temporary, shim, overwrite: true);
            return true;
        }
        finally
        {
            File.Delete(sourceFile);
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>
    /// The forwarding library: one <c>jmp</c> through a table per function (any signature passes through untouched) and a
    /// delayed <c>THSTorch_dispose_scalar</c>.
    /// </summary>
    internal static string Source(IReadOnlyList<string> functions)
    {
        var s = new StringBuilder();
        s.AppendLine("/* Generated by GanKit (DeferredScalarRelease.cs): forwards TorchSharp's native calls, delays scalar frees. */");
        s.AppendLine("#define _GNU_SOURCE");
        s.AppendLine("#include <dlfcn.h>");
        s.AppendLine("#include <pthread.h>");
        s.AppendLine("#include <time.h>");
        s.AppendLine($"#define FUNCTION_COUNT {functions.Count}");
        s.AppendLine("static const char* const names[FUNCTION_COUNT] = {");
        foreach (var f in functions) s.AppendLine($"  \"{f}\",");
        s.AppendLine("};");
        s.AppendLine("__attribute__((visibility(\"hidden\"))) void* gankit_targets[FUNCTION_COUNT];");
        s.AppendLine("__asm__(\".text\\n\"");
        for (var i = 0; i < functions.Count; i++)
        {
            var f = functions[i];
            // Scalar constructors (register arguments only) call the real one, then move the scalar into the pool.
            var body = IsScalarConstructor(f)
                ? $"  sub $8,%rsp\\n  call *gankit_targets+{8 * i}(%rip)\\n  add $8,%rsp\\n  mov %rax,%rdi\\n  jmp gankit_adopt_scalar\\n"
                : $"  jmp *gankit_targets+{8 * i}(%rip)\\n";
            s.AppendLine($"  \".globl {f}\\n.type {f},@function\\n{f}:\\n{body}.size {f},.-{f}\\n\"");
        }
        s.AppendLine(");");
        s.Append("""
            #include <string.h>
            #define PENDING 262144u
            #define POOL 1048576u
            #define DELAY_NS 100000000LL
            static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
            static void (*dispose_scalar)(void*);

            static long long now_ns(void) {
              struct timespec t;
              clock_gettime(CLOCK_MONOTONIC_COARSE, &t);
              return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
            }

            /* Scalars made from numbers live in this pool, apart from the heap: held back after release, they would pin
               small blocks among freed large ones and fragment it. A slot returns to the free stack 100 ms after release. */
            typedef struct { _Alignas(16) char bytes[32]; } slot_t;
            static slot_t pool[POOL];
            static unsigned free_stack[POOL], free_count, pool_used;
            static unsigned released_slot[POOL], slot_head, slot_count;
            static long long slot_released_at[POOL];

            /* Other scalars (the pool full, or made elsewhere) wait in this queue and go back to libtorch 100 ms later. */
            static void* pending[PENDING];
            static long long released_at[PENDING];
            static unsigned head, count;

            static void reclaim_slots(long long now) {
              while (slot_count > 0 && now - slot_released_at[slot_head] > DELAY_NS) {
                free_stack[free_count++] = released_slot[slot_head];
                slot_head = (slot_head + 1) % POOL;
                slot_count--;
              }
            }

            /* Moves a just-made scalar (32 bytes of plain data: a tag and a number) into a pool slot. */
            __attribute__((visibility("hidden"))) void* gankit_adopt_scalar(void* scalar) {
              if (!scalar) return scalar;
              pthread_mutex_lock(&lock);
              reclaim_slots(now_ns());
              slot_t* slot = 0;
              if (free_count > 0) slot = &pool[free_stack[--free_count]];
              else if (pool_used < POOL) slot = &pool[pool_used++];
              pthread_mutex_unlock(&lock);
              if (!slot) return scalar;
              memcpy(slot, scalar, sizeof(slot_t));
              dispose_scalar(scalar); /* nobody has seen it yet */
              return slot;
            }

            void THSTorch_dispose_scalar(void* scalar) {
              long long now = now_ns();
              char* p = (char*)scalar;
              if (p >= (char*)pool && p < (char*)(pool + POOL)) {
                pthread_mutex_lock(&lock);
                unsigned tail = (slot_head + slot_count) % POOL;
                released_slot[tail] = (unsigned)((slot_t*)p - pool);
                slot_released_at[tail] = now;
                slot_count++;
                reclaim_slots(now);
                pthread_mutex_unlock(&lock);
                return;
              }
              void* ready[64];
              int n = 0;
              pthread_mutex_lock(&lock);
              while (count > 0 && n < 64 && (count == PENDING || now - released_at[head] > DELAY_NS)) {
                ready[n++] = pending[head];
                head = (head + 1) % PENDING;
                count--;
              }
              unsigned tail = (head + count) % PENDING;
              pending[tail] = scalar;
              released_at[tail] = now;
              count++;
              pthread_mutex_unlock(&lock);
              for (int i = 0; i < n; i++) dispose_scalar(ready[i]);
            }

            /* 0 when every function was found in the real library, else -(index + 1) of the first missing one. */
            int gankit_deferred_release_init(void* real) {
              for (int i = 0; i < FUNCTION_COUNT; i++) {
                gankit_targets[i] = dlsym(real, names[i]);
                if (!gankit_targets[i]) return -(i + 1);
              }
              dispose_scalar = (void (*)(void*))dlsym(real, "THSTorch_dispose_scalar");
              return dispose_scalar ? 0 : -(FUNCTION_COUNT + 1);
            }

            """);
        return s.ToString();
    }

    /// <summary>
    /// TorchSharp's scalar constructors from numbers (<c>THSTorch_float64_to_scalar</c>, …): each allocates 32 bytes of
    /// plain data (a tag and the number) and takes its arguments in registers, so the forwarding library can move the
    /// result into its pool.
    /// </summary>
    internal static bool IsScalarConstructor(string function) =>
        function.StartsWith("THSTorch_", StringComparison.Ordinal) && function.EndsWith("_to_scalar", StringComparison.Ordinal);

    /// <summary>Runs a tool; its standard output, or null (with <see cref="NotInUseBecause"/> set) when it is missing or fails.</summary>
    private static string? Run(string tool, string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode == 0) return stdout;
            NotInUseBecause = $"{tool} failed (exit {process.ExitCode}): {stderr.Result.Split('\n')[0]}";
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            NotInUseBecause = $"{tool} is not installed (a C compiler and binutils build the forwarding library; environment/setup installs them)";
            return null;
        }
    }
}
