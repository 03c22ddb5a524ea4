using System.Runtime.InteropServices;

namespace GanKit.Torch.Interop;

/// <summary>The C entry points of libgankit_native. Every call returns 0, or -1 with <see cref="gk_last_error"/> set.</summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "gankit_native";

    static NativeMethods() => NativeLibraryLoader.Register();

    [LibraryImport(Library)] internal static partial IntPtr gk_last_error();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int gk_op_find(string name, string overload, out IntPtr op);
    [LibraryImport(Library)] internal static partial int gk_op_schema(IntPtr op, out IntPtr text);
    [LibraryImport(Library)] internal static partial int gk_op_call(IntPtr op, GkValue* args, int nargs, out GkValue* results, out int nresults);

    [LibraryImport(Library)] internal static partial void gk_tensor_free(IntPtr tensor);
    [LibraryImport(Library)] internal static partial int gk_tensor_from_data(void* data, int dtype, long* shape, int ndim, int deviceType, int deviceIndex, out IntPtr tensor);
    [LibraryImport(Library)] internal static partial int gk_tensor_copy_to(IntPtr tensor, void* destination, long nbytes);
    [LibraryImport(Library)] internal static partial int gk_tensor_info(IntPtr tensor, out int ndim, out int dtype, out int deviceType, out int deviceIndex, out int requiresGrad, out long numel);
    [LibraryImport(Library)] internal static partial int gk_tensor_shape(IntPtr tensor, long* shape, int capacity);
    [LibraryImport(Library)] internal static partial int gk_tensor_strides(IntPtr tensor, long* strides, int capacity);
    [LibraryImport(Library)] internal static partial int gk_tensor_set_requires_grad(IntPtr tensor, int requiresGrad);
    [LibraryImport(Library)] internal static partial int gk_tensor_alias(IntPtr tensor, out IntPtr alias);
    [LibraryImport(Library)] internal static partial int gk_tensor_item(IntPtr tensor, out double asDouble, out long asInt);
    [LibraryImport(Library)] internal static partial int gk_tensor_is_leaf(IntPtr tensor, out int isLeaf);

    [LibraryImport(Library)] internal static partial int gk_tensor_grad(IntPtr tensor, out IntPtr grad);
    [LibraryImport(Library)] internal static partial int gk_tensor_set_grad(IntPtr tensor, IntPtr grad);
    [LibraryImport(Library)] internal static partial int gk_backward(IntPtr tensor, IntPtr grad, int retainGraph, int createGraph);
    [LibraryImport(Library)] internal static partial int gk_autograd_grad(IntPtr* outputs, int noutputs, IntPtr* inputs, int ninputs, IntPtr* gradOutputs, int retainGraph, int createGraph, int allowUnused, IntPtr* grads);
    [LibraryImport(Library)] internal static partial int gk_grad_enabled(out int enabled);
    [LibraryImport(Library)] internal static partial int gk_set_grad_enabled(int enabled);
    [LibraryImport(Library)] internal static partial int gk_inference_mode_enter(out IntPtr guard);
    [LibraryImport(Library)] internal static partial int gk_inference_mode_exit(IntPtr guard);

    [LibraryImport(Library)] internal static partial int gk_version(out IntPtr torchVersion, out int builtWithCuda);
    [LibraryImport(Library)] internal static partial int gk_get_num_threads(out int threads);
    [LibraryImport(Library)] internal static partial int gk_set_num_threads(int threads);
    [LibraryImport(Library)] internal static partial int gk_keep_freed_memory(out int applied);
    [LibraryImport(Library)] internal static partial int gk_manual_seed(ulong seed);
    [LibraryImport(Library)] internal static partial int gk_generator_get_state(int deviceType, int deviceIndex, out IntPtr state);
    [LibraryImport(Library)] internal static partial int gk_generator_set_state(int deviceType, int deviceIndex, IntPtr state);
    [LibraryImport(Library)] internal static partial int gk_cuda_is_available(out int available);
    [LibraryImport(Library)] internal static partial int gk_cuda_device_count(out int count);
    [LibraryImport(Library)] internal static partial int gk_cuda_synchronize(int deviceIndex);
    [LibraryImport(Library)] internal static partial int gk_cuda_memory(int deviceIndex, out long allocated, out long reserved);

    [LibraryImport(Library)] internal static partial int gk_bench_add(long numel, int iterations, out double seconds);
    [LibraryImport(Library)] internal static partial int gk_bench_add_boxed(long numel, int iterations, out double seconds);
    [LibraryImport(Library)] internal static partial int gk_bench_conv2d(long batch, long channels, long size, int iterations, int deviceType, out double seconds);

    /// <summary>Throws a <see cref="TorchException"/> carrying the bridge's message when <paramref name="status"/> is an error.</summary>
    internal static void Check(int status, string context)
    {
        if (status != 0) throw new TorchException(context, Marshal.PtrToStringUTF8(gk_last_error()) ?? "unknown error");
    }
}
