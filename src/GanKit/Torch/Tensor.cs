using System.Runtime.InteropServices;
using GanKit.Torch.Interop;

namespace GanKit.Torch;

/// <summary>
/// A libtorch tensor. Owns one native reference: dispose it (or create it inside a <see cref="DisposeScope"/>)
/// to free native memory promptly; the finalizer is only a safety net. Operations use PyTorch's names.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private IntPtr _handle;

    internal Tensor(IntPtr handle)
    {
        _handle = handle;
        Scope = DisposeScope.Current;
        Scope?.Add(this);
    }

    /// <summary>Frees the native reference if the tensor was neither disposed nor kept.</summary>
    ~Tensor()
    {
        if (_handle != IntPtr.Zero) NativeMethods.gk_tensor_free(_handle);
    }

    internal DisposeScope? Scope { get; private set; }

    /// <summary>True once disposed; using the tensor then throws.</summary>
    public bool IsDisposed => _handle == IntPtr.Zero;

    internal IntPtr HandleFor(string operation) =>
        _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(nameof(Tensor), $"{operation}: a tensor argument was already disposed");

    internal IntPtr Handle => HandleFor("tensor");

    /// <summary>Frees the native reference now.</summary>
    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, IntPtr.Zero);
        if (handle != IntPtr.Zero) NativeMethods.gk_tensor_free(handle);
        GC.SuppressFinalize(this);
    }

    /// <summary>Hands the tensor to the enclosing dispose scope (or to no scope) so it survives the current one.</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        Scope = Scope?.Outer;
        Scope?.Add(this);
        return this;
    }

    /// <summary>Takes the tensor out of every dispose scope; the caller now disposes it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope = null;
        return this;
    }

    /// <summary>
    /// Makes this object refer to <paramref name="other"/>'s tensor and disposes <paramref name="other"/>.
    /// Used to move a module's parameters to another device or dtype while every field keeps its object.
    /// </summary>
    internal void ReplaceWith(Tensor other)
    {
        NativeMethods.Check(NativeMethods.gk_tensor_alias(other.Handle, out var alias), "replace");
        var old = Interlocked.Exchange(ref _handle, alias);
        if (old != IntPtr.Zero) NativeMethods.gk_tensor_free(old);
        other.Dispose();
    }

    private (int Ndim, DType DType, Device Device, bool RequiresGrad, long Numel) Info()
    {
        NativeMethods.Check(NativeMethods.gk_tensor_info(Handle, out var ndim, out var dtype, out var type, out var index,
            out var requiresGrad, out var numel), "tensor info");
        return (ndim, (DType)dtype, new Device((DeviceType)type, index), requiresGrad != 0, numel);
    }

    /// <summary>Number of dimensions.</summary>
    public int dim() => Info().Ndim;

    /// <summary>Number of dimensions.</summary>
    public int ndim => Info().Ndim;

    /// <summary>Element type.</summary>
    public DType dtype => Info().DType;

    /// <summary>Device holding the data.</summary>
    public Device device => Info().Device;

    /// <summary>Number of elements.</summary>
    public long numel() => Info().Numel;

    /// <summary>Whether autograd records operations on this tensor.</summary>
    public bool requires_grad
    {
        get => Info().RequiresGrad;
        set => NativeMethods.Check(NativeMethods.gk_tensor_set_requires_grad(Handle, value ? 1 : 0), "requires_grad_");
    }

    /// <summary>Sets <see cref="requires_grad"/> in place and returns this tensor.</summary>
    public Tensor requires_grad_(bool value = true)
    {
        requires_grad = value;
        return this;
    }

    /// <summary>True for tensors created by the user rather than by a recorded operation.</summary>
    public bool is_leaf
    {
        get
        {
            NativeMethods.Check(NativeMethods.gk_tensor_is_leaf(Handle, out var leaf), "is_leaf");
            return leaf != 0;
        }
    }

    /// <summary>Size of each dimension.</summary>
    public unsafe long[] shape
    {
        get
        {
            var n = ndim;
            var result = new long[n];
            fixed (long* p = result) NativeMethods.Check(NativeMethods.gk_tensor_shape(Handle, p, n), "shape");
            return result;
        }
    }

    /// <summary>Size of each dimension (PyTorch's <c>size()</c>).</summary>
    public long[] size() => shape;

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end).</summary>
    public long size(int dim)
    {
        var s = shape;
        return s[dim < 0 ? s.Length + dim : dim];
    }

    /// <summary>Element strides of each dimension.</summary>
    public unsafe long[] stride()
    {
        var n = ndim;
        var result = new long[n];
        fixed (long* p = result) NativeMethods.Check(NativeMethods.gk_tensor_strides(Handle, p, n), "stride");
        return result;
    }

    /// <summary>Gradient accumulated by <see cref="backward"/>, or null. Each read returns a new reference.</summary>
    public Tensor? grad
    {
        get
        {
            NativeMethods.Check(NativeMethods.gk_tensor_grad(Handle, out var g), "grad");
            return g == IntPtr.Zero ? null : new Tensor(g);
        }
        set => NativeMethods.Check(NativeMethods.gk_tensor_set_grad(Handle, value?.Handle ?? IntPtr.Zero), "grad");
    }

    /// <summary>Back-propagates from this tensor (a scalar unless <paramref name="gradient"/> is given).</summary>
    public void backward(Tensor? gradient = null, bool? retain_graph = null, bool create_graph = false)
    {
        var status = NativeMethods.gk_backward(Handle, gradient?.Handle ?? IntPtr.Zero,
            retain_graph is null ? -1 : retain_graph.Value ? 1 : 0, create_graph ? 1 : 0);
        GC.KeepAlive(gradient);
        NativeMethods.Check(status, "backward");
    }

    /// <summary>The single element as a double.</summary>
    public double item()
    {
        NativeMethods.Check(NativeMethods.gk_tensor_item(Handle, out var d, out _), "item");
        return d;
    }

    /// <summary>The single element as a long.</summary>
    public long item_long()
    {
        NativeMethods.Check(NativeMethods.gk_tensor_item(Handle, out _, out var i), "item");
        return i;
    }

    /// <summary>Copies the elements (row-major) into a new managed array; <typeparamref name="T"/> must match the dtype's size.</summary>
    public unsafe T[] data<T>() where T : unmanaged
    {
        var info = Info();
        if (sizeof(T) != info.DType.ElementSize())
            throw new InvalidOperationException($"data<{typeof(T).Name}>() does not match a {info.DType.TorchName()} tensor");
        var result = new T[checked((int)info.Numel)];
        fixed (T* p = result)
            NativeMethods.Check(NativeMethods.gk_tensor_copy_to(Handle, p, (long)result.Length * sizeof(T)), "data");
        return result;
    }

    /// <summary>The tensor's bytes in managed memory, for file formats.</summary>
    public unsafe RawTensor ToRaw()
    {
        var info = Info();
        var bytes = new byte[checked(info.Numel * info.DType.ElementSize())];
        fixed (byte* p = bytes) NativeMethods.Check(NativeMethods.gk_tensor_copy_to(Handle, p, bytes.Length), "to raw");
        return new RawTensor(info.DType, shape, bytes);
    }

    /// <summary>Creates a tensor from managed bytes (one copy into native memory).</summary>
    public static unsafe Tensor FromRaw(RawTensor raw, Device? device = null)
    {
        var expected = raw.ElementCount * raw.DType.ElementSize();
        if (raw.Data.Length != expected)
            throw new ArgumentException($"raw tensor holds {raw.Data.Length} bytes, its shape and dtype need {expected}", nameof(raw));
        return FromSpan<byte>(raw.Data, raw.DType, raw.Shape, device);
    }

    internal static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, DType dtype, long[] shape, Device? device) where T : unmanaged
    {
        var d = device ?? Device.CPU;
        fixed (T* p = data)
        fixed (long* s = shape)
        {
            NativeMethods.Check(NativeMethods.gk_tensor_from_data(p, (int)dtype, s, shape.Length, (int)d.Type, d.Index, out var handle),
                "tensor");
            return new Tensor(handle);
        }
    }

    /// <summary>A short description: dtype, shape, device.</summary>
    public override string ToString() =>
        IsDisposed ? "Tensor(disposed)" : $"Tensor({dtype.TorchName()}[{string.Join(", ", shape)}], {device})";
}
