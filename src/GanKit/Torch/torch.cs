using System.Runtime.InteropServices;
using GanKit.Torch.Interop;

namespace GanKit.Torch;

/// <summary>
/// The tensor library in PyTorch's names: creation, math, grad modes, RNG, threads, devices.
/// <c>using static GanKit.Torch.torch;</c> lets code read like PyTorch.
/// </summary>
public static partial class torch
{
    static torch()
    {
        // Large CPU tensors reuse freed memory instead of a fresh mmap each (see gk_keep_freed_memory);
        // GANKIT_MALLOC=system leaves the C library's defaults.
        if (Environment.GetEnvironmentVariable("GANKIT_MALLOC") != "system")
        {
            NativeMethods.Check(NativeMethods.gk_keep_freed_memory(out var applied), "keep_freed_memory");
            KeepsFreedMemory = applied != 0;
        }
        // Debian's libtorch starts with one intra-op thread; use every core unless told otherwise.
        var requested = Environment.GetEnvironmentVariable("GANKIT_THREADS");
        set_num_threads(int.TryParse(requested, out var n) && n > 0 ? n : Environment.ProcessorCount);
    }

    /// <summary>Whether freed CPU tensor memory is kept for reuse (glibc's malloc tuned at start; off with <c>GANKIT_MALLOC=system</c>).</summary>
    public static bool KeepsFreedMemory { get; }

    /// <summary>Runs the one-time set-up (threads) if it has not run yet.</summary>
    internal static void EnsureInitialized() { }

    /// <summary>Starts a scope that frees the tensors created inside it when disposed.</summary>
    public static DisposeScope NewDisposeScope() => new();

    // ---- creation ----

    /// <summary>Samples of N(0, 1).</summary>
    public static Tensor randn(long[] shape, DType dtype = DType.Float32, Device? device = null, bool requires_grad = false) =>
        Creation(Aten.randn.Invoke(shape, dtype, Arg.None, device), requires_grad);
    /// <summary>Samples of U[0, 1).</summary>
    public static Tensor rand(long[] shape, DType dtype = DType.Float32, Device? device = null, bool requires_grad = false) =>
        Creation(Aten.rand.Invoke(shape, dtype, Arg.None, device), requires_grad);
    /// <summary>Uniform integers in [low, high).</summary>
    public static Tensor randint(long low, long high, long[] shape, Device? device = null) =>
        Aten.randint.Invoke(low, high, shape, DType.Int64, Arg.None, device);
    /// <summary>A random permutation of 0..n-1.</summary>
    public static Tensor randperm(long n, Device? device = null) => Aten.randperm.Invoke(n, DType.Int64, Arg.None, device);
    /// <summary>Zeros.</summary>
    public static Tensor zeros(long[] shape, DType dtype = DType.Float32, Device? device = null, bool requires_grad = false) =>
        Creation(Aten.zeros.Invoke(shape, dtype, Arg.None, device), requires_grad);
    /// <summary>Ones.</summary>
    public static Tensor ones(long[] shape, DType dtype = DType.Float32, Device? device = null, bool requires_grad = false) =>
        Creation(Aten.ones.Invoke(shape, dtype, Arg.None, device), requires_grad);
    /// <summary>A constant.</summary>
    public static Tensor full(long[] shape, double value, DType dtype = DType.Float32, Device? device = null) =>
        Aten.full.Invoke(shape, value, dtype, Arg.None, device);
    /// <summary>Uninitialised memory.</summary>
    public static Tensor empty(long[] shape, DType dtype = DType.Float32, Device? device = null) =>
        Aten.empty.Invoke(shape, dtype, Arg.None, device);
    /// <summary>start, start+step, ... below end.</summary>
    public static Tensor arange(double start, double end, double step = 1, DType dtype = DType.Float32, Device? device = null) =>
        Aten.arange.Invoke(start, end, step, dtype, Arg.None, device);
    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive.</summary>
    public static Tensor linspace(double start, double end, long steps, DType dtype = DType.Float32, Device? device = null) =>
        Aten.linspace.Invoke(start, end, steps, dtype, Arg.None, device);
    /// <summary>Identity matrix.</summary>
    public static Tensor eye(long n, DType dtype = DType.Float32, Device? device = null) => Aten.eye.Invoke(n, dtype, Arg.None, device);
    /// <summary>Zeros shaped like <paramref name="t"/>.</summary>
    public static Tensor zeros_like(Tensor t) => Aten.zeros_like.Invoke(t);
    /// <summary>Ones shaped like <paramref name="t"/>.</summary>
    public static Tensor ones_like(Tensor t) => Aten.ones_like.Invoke(t);
    /// <summary>N(0, 1) samples shaped like <paramref name="t"/>.</summary>
    public static Tensor randn_like(Tensor t) => Aten.randn_like.Invoke(t);
    /// <summary>A constant shaped like <paramref name="t"/>.</summary>
    public static Tensor full_like(Tensor t, double value) => Aten.full_like.Invoke(t, value);

    /// <summary>A float32 tensor holding <paramref name="data"/> (row-major) with the given shape.</summary>
    public static Tensor tensor(float[] data, long[]? shape = null, Device? device = null, bool requires_grad = false) =>
        Creation(Tensor.FromSpan<float>(data, DType.Float32, CheckShape(shape, data.Length), device), requires_grad);
    /// <summary>A float64 tensor.</summary>
    public static Tensor tensor(double[] data, long[]? shape = null, Device? device = null, bool requires_grad = false) =>
        Creation(Tensor.FromSpan<double>(data, DType.Float64, CheckShape(shape, data.Length), device), requires_grad);
    /// <summary>An int64 tensor.</summary>
    public static Tensor tensor(long[] data, long[]? shape = null, Device? device = null) =>
        Tensor.FromSpan<long>(data, DType.Int64, CheckShape(shape, data.Length), device);
    /// <summary>An int32 tensor.</summary>
    public static Tensor tensor(int[] data, long[]? shape = null, Device? device = null) =>
        Tensor.FromSpan<int>(data, DType.Int32, CheckShape(shape, data.Length), device);
    /// <summary>A uint8 tensor.</summary>
    public static Tensor tensor(byte[] data, long[]? shape = null, Device? device = null) =>
        Tensor.FromSpan<byte>(data, DType.UInt8, CheckShape(shape, data.Length), device);
    /// <summary>A bool tensor.</summary>
    public static Tensor tensor(bool[] data, long[]? shape = null, Device? device = null) =>
        Tensor.FromSpan<bool>(data, DType.Bool, CheckShape(shape, data.Length), device);
    /// <summary>A float16 tensor.</summary>
    public static Tensor tensor(Half[] data, long[]? shape = null, Device? device = null) =>
        Tensor.FromSpan<Half>(data, DType.Float16, CheckShape(shape, data.Length), device);
    /// <summary>A scalar (0-dimensional) tensor.</summary>
    public static Tensor scalar_tensor(double value, DType dtype = DType.Float32, Device? device = null) =>
        full([], value, dtype, device);

    private static long[] CheckShape(long[]? shape, int length)
    {
        if (shape is null) return [length];
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != length || shape.Any(s => s < 0))
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} elements, the data has {length}", nameof(shape));
        return shape;
    }

    private static Tensor Creation(Tensor t, bool requires_grad) => requires_grad ? t.requires_grad_() : t;

    // ---- math over several tensors ----

    /// <summary>Concatenates along a dimension.</summary>
    public static Tensor cat(Tensor[] tensors, long dim = 0) => Aten.cat.Invoke(tensors, dim);
    /// <summary>Stacks along a new dimension.</summary>
    public static Tensor stack(Tensor[] tensors, long dim = 0) => Aten.stack.Invoke(tensors, dim);
    /// <summary>Picks x where the condition holds, else y.</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => Aten.where.Invoke(condition, x, y);
    /// <summary>Einstein summation.</summary>
    public static Tensor einsum(string equation, params Tensor[] operands) => Aten.einsum.Invoke(equation, operands);
    /// <summary>Outer product of two vectors.</summary>
    public static Tensor outer(Tensor a, Tensor b) => Aten.outer.Invoke(a, b);
    /// <summary>Matrix product.</summary>
    public static Tensor matmul(Tensor a, Tensor b) => Aten.matmul.Invoke(a, b);
    /// <summary>beta·input + alpha·(mat1 · mat2), fused.</summary>
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1) =>
        Aten.addmm.Invoke(input, mat1, mat2, beta, alpha);
    /// <summary>Batched matrix product.</summary>
    public static Tensor bmm(Tensor a, Tensor b) => Aten.bmm.Invoke(a, b);
    /// <summary>Lower triangle.</summary>
    public static Tensor tril(Tensor t, long diagonal = 0) => Aten.tril.Invoke(t, diagonal);
    /// <summary>log(sum(exp(x))) along dimensions, computed stably.</summary>
    public static Tensor logsumexp(Tensor t, long[] dim, bool keepdim = false) => Aten.logsumexp.Invoke(t, dim, keepdim);

    // ---- grad modes ----

    /// <summary>Disables gradient recording until disposed (restores the previous mode).</summary>
    public static IDisposable no_grad() => new GradModeScope(false);
    /// <summary>Enables gradient recording until disposed.</summary>
    public static IDisposable enable_grad() => new GradModeScope(true);
    /// <summary>Whether operations are recorded for autograd on this thread.</summary>
    public static bool is_grad_enabled()
    {
        NativeMethods.Check(NativeMethods.gk_grad_enabled(out var enabled), "is_grad_enabled");
        return enabled != 0;
    }
    /// <summary>Inference mode until disposed: like no_grad but faster; tensors made inside can never join autograd.</summary>
    public static IDisposable inference_mode() => new InferenceModeScope();

    // ---- randomness ----

    /// <summary>Seeds the CPU generator and every CUDA generator.</summary>
    public static void manual_seed(ulong seed) => NativeMethods.Check(NativeMethods.gk_manual_seed(seed), "manual_seed");

    /// <summary>Random-generator state save and restore.</summary>
    public static class random
    {
        /// <summary>The CPU generator's state (a uint8 tensor), for exact resume.</summary>
        public static Tensor get_rng_state() => GetState(Device.CPU);
        /// <summary>Restores a state from <see cref="get_rng_state"/>.</summary>
        public static void set_rng_state(Tensor state) => SetState(Device.CPU, state);
    }

    internal static Tensor GetState(Device device)
    {
        NativeMethods.Check(NativeMethods.gk_generator_get_state((int)device.Type, device.Index, out var state), "get_rng_state");
        return new Tensor(state);
    }

    internal static void SetState(Device device, Tensor state)
    {
        var status = NativeMethods.gk_generator_set_state((int)device.Type, device.Index, state.Handle);
        GC.KeepAlive(state);
        NativeMethods.Check(status, "set_rng_state");
    }

    // ---- threads and versions ----

    /// <summary>Intra-op threads libtorch uses.</summary>
    public static int get_num_threads()
    {
        NativeMethods.Check(NativeMethods.gk_get_num_threads(out var n), "get_num_threads");
        return n;
    }
    /// <summary>Sets intra-op threads.</summary>
    public static void set_num_threads(int threads) =>
        NativeMethods.Check(NativeMethods.gk_set_num_threads(threads), "set_num_threads");

    /// <summary>The libtorch version the bridge was built against, e.g. <c>1.13.1</c>.</summary>
    public static string __version__
    {
        get
        {
            NativeMethods.Check(NativeMethods.gk_version(out var text, out _), "version");
            return Marshal.PtrToStringUTF8(text) ?? "";
        }
    }

    /// <summary>CUDA devices.</summary>
    public static class cuda
    {
        /// <summary>Whether a CUDA device is usable.</summary>
        public static bool is_available()
        {
            NativeMethods.Check(NativeMethods.gk_cuda_is_available(out var available), "cuda.is_available");
            return available != 0;
        }
        /// <summary>Number of CUDA devices.</summary>
        public static int device_count()
        {
            NativeMethods.Check(NativeMethods.gk_cuda_device_count(out var count), "cuda.device_count");
            return count;
        }
        /// <summary>Waits for queued work on a device; nothing on a CPU-only machine.</summary>
        public static void synchronize(int device = -1) =>
            NativeMethods.Check(NativeMethods.gk_cuda_synchronize(device), "cuda.synchronize");
        /// <summary>Bytes held by tensors on the device (0 without CUDA).</summary>
        public static long memory_allocated(int device = 0)
        {
            NativeMethods.Check(NativeMethods.gk_cuda_memory(device, out var allocated, out _), "cuda.memory_allocated");
            return allocated;
        }
        /// <summary>Bytes reserved by the caching allocator (0 without CUDA).</summary>
        public static long memory_reserved(int device = 0)
        {
            NativeMethods.Check(NativeMethods.gk_cuda_memory(device, out _, out var reserved), "cuda.memory_reserved");
            return reserved;
        }
        /// <summary>Whether the bridge was compiled against a CUDA libtorch.</summary>
        public static bool is_built()
        {
            NativeMethods.Check(NativeMethods.gk_version(out _, out var cuda), "version");
            return cuda != 0;
        }
        /// <summary>A CUDA generator's state.</summary>
        public static Tensor get_rng_state(int device = 0) => GetState(new Device(DeviceType.CUDA, device));
        /// <summary>Restores a CUDA generator's state.</summary>
        public static void set_rng_state(Tensor state, int device = 0) => SetState(new Device(DeviceType.CUDA, device), state);
    }

    private sealed class GradModeScope : IDisposable
    {
        private readonly bool _previous;
        private bool _disposed;

        public GradModeScope(bool enabled)
        {
            _previous = is_grad_enabled();
            NativeMethods.Check(NativeMethods.gk_set_grad_enabled(enabled ? 1 : 0), "set_grad_enabled");
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            NativeMethods.Check(NativeMethods.gk_set_grad_enabled(_previous ? 1 : 0), "set_grad_enabled");
        }
    }

    private sealed class InferenceModeScope : IDisposable
    {
        private IntPtr _guard;

        public InferenceModeScope() =>
            NativeMethods.Check(NativeMethods.gk_inference_mode_enter(out _guard), "inference_mode");

        public void Dispose()
        {
            var guard = Interlocked.Exchange(ref _guard, IntPtr.Zero);
            if (guard != IntPtr.Zero) NativeMethods.Check(NativeMethods.gk_inference_mode_exit(guard), "inference_mode");
        }
    }
}
