using System.Runtime.InteropServices;
using System.Text;
using GanKit.Torch.Interop;

namespace GanKit.Torch;

/// <summary>
/// An ATen operator, found once by schema name (e.g. <c>aten::conv2d</c>) and called through the c10 dispatcher.
/// Every tensor operation in GanKit is a one-liner over this class.
/// </summary>
public sealed class Op
{
    private IntPtr _handle;

    /// <summary>Names an operator; it is looked up in libtorch on first use.</summary>
    /// <param name="name">Schema name including namespace, e.g. <c>aten::add</c>.</param>
    /// <param name="overload">Overload name, e.g. <c>Tensor</c> for <c>aten::add.Tensor</c>; empty for none.</param>
    public Op(string name, string overload = "")
    {
        Name = name;
        Overload = overload;
    }

    /// <summary>Schema name.</summary>
    public string Name { get; }

    /// <summary>Overload name.</summary>
    public string Overload { get; }

    /// <summary>The operator's full schema as libtorch declares it.</summary>
    public string Schema
    {
        get
        {
            NativeMethods.Check(NativeMethods.gk_op_schema(Handle, out var text), FullName);
            return Marshal.PtrToStringUTF8(text) ?? "";
        }
    }

    private string FullName => Overload.Length == 0 ? Name : $"{Name}.{Overload}";

    private IntPtr Handle
    {
        get
        {
            if (_handle != IntPtr.Zero) return _handle;
            torch.EnsureInitialized();
            NativeMethods.Check(NativeMethods.gk_op_find(Name, Overload, out var handle), FullName);
            return _handle = handle;
        }
    }

    /// <summary>Calls the operator and returns its single tensor result.</summary>
    public unsafe Tensor Invoke(params ReadOnlySpan<Arg> args)
    {
        // Hot path: read the one tensor result straight from the native buffer, no result array.
        var count = CallNative(args, out var results);
        if (count == 1 && results[0].Tag == GkTag.Tensor) return new Tensor(results[0].P);
        DisposeAll(ReadResults(results, count));
        throw new TorchException(FullName, $"{FullName} returned {count} values, expected one tensor");
    }

    /// <summary>Calls the operator and returns all its tensor results (tuples and lists flattened).</summary>
    public Tensor[] InvokeMany(params ReadOnlySpan<Arg> args)
    {
        var results = Call(args);
        var tensors = new Tensor[results.Length];
        for (var k = 0; k < results.Length; k++)
        {
            if (results[k] is not Tensor t)
            {
                DisposeAll(results);
                throw new TorchException(FullName, $"{FullName} returned a non-tensor value at position {k}");
            }
            tensors[k] = t;
        }
        return tensors;
    }

    /// <summary>Calls an in-place operator (whose result aliases an input) and discards the alias.</summary>
    public void InvokeInPlace(params ReadOnlySpan<Arg> args) => DisposeAll(Call(args));

    /// <summary>Calls the operator and returns its single non-tensor result (int, float or bool).</summary>
    public object InvokeScalar(params ReadOnlySpan<Arg> args)
    {
        var results = Call(args);
        if (results.Length != 1 || results[0] is null or Tensor)
        {
            DisposeAll(results);
            throw new TorchException(FullName, $"{FullName} did not return one scalar");
        }
        return results[0]!;
    }

    /// <summary>
    /// Calls the operator. Results are <see cref="Tensor"/>, <see cref="long"/>, <see cref="double"/>,
    /// <see cref="bool"/> or null (None), in schema order with tuples and tensor lists flattened.
    /// </summary>
    public unsafe object?[] Call(params ReadOnlySpan<Arg> args)
    {
        var count = CallNative(args, out var results);
        return ReadResults(results, count);
    }

    private unsafe int CallNative(ReadOnlySpan<Arg> args, out GkValue* results)
    {
        var handle = Handle;
        // Lists, strings and keyword names need native buffers; size them first so one stack buffer holds all.
        var extraBytes = 0;
        foreach (ref readonly var a in args)
        {
            extraBytes += a.Tag switch
            {
                GkTag.IntList => ((long[])a.Ref!).Length * 8,
                GkTag.DoubleList => ((double[])a.Ref!).Length * 8,
                GkTag.TensorList or GkTag.OptionalTensorList => ((Array)a.Ref!).Length * 8,
                GkTag.String => Encoding.UTF8.GetByteCount((string)a.Ref!) + 8,
                _ => 0,
            };
            if (a.Name is not null) extraBytes += Encoding.UTF8.GetByteCount(a.Name) + 8;
        }

        var onHeap = extraBytes > 4096;
        byte* extra;
        if (onHeap)
        {
            extra = (byte*)NativeMemory.Alloc((nuint)extraBytes);
        }
        else
        {
            var onStack = stackalloc byte[extraBytes];
            extra = onStack;
        }
        try
        {
            var values = stackalloc GkValue[args.Length];
            var cursor = extra;
            for (var k = 0; k < args.Length; k++)
            {
                ref readonly var a = ref args[k];
                var v = new GkValue { Tag = a.Tag, I = a.I, D = a.D };
                switch (a.Tag)
                {
                    case GkTag.Tensor:
                        v.P = ((Tensor)a.Ref!).HandleFor(FullName);
                        break;
                    case GkTag.Device:
                        v.Count = (int)a.D;
                        break;
                    case GkTag.IntList:
                    {
                        var list = (long[])a.Ref!;
                        list.AsSpan().CopyTo(new Span<long>(cursor, list.Length));
                        v.P = (IntPtr)cursor;
                        v.Count = list.Length;
                        cursor += list.Length * 8;
                        break;
                    }
                    case GkTag.DoubleList:
                    {
                        var list = (double[])a.Ref!;
                        list.AsSpan().CopyTo(new Span<double>(cursor, list.Length));
                        v.P = (IntPtr)cursor;
                        v.Count = list.Length;
                        cursor += list.Length * 8;
                        break;
                    }
                    case GkTag.TensorList:
                    case GkTag.OptionalTensorList:
                    {
                        var list = (Tensor?[])a.Ref!;
                        var handles = (IntPtr*)cursor;
                        for (var j = 0; j < list.Length; j++)
                        {
                            handles[j] = list[j] is { } t ? t.HandleFor(FullName) : IntPtr.Zero;
                            if (handles[j] == IntPtr.Zero && a.Tag == GkTag.TensorList)
                                throw new ArgumentNullException(nameof(args), $"{FullName}: tensor list entry {j} is null");
                        }
                        v.P = (IntPtr)cursor;
                        v.Count = list.Length;
                        cursor += list.Length * 8;
                        break;
                    }
                    case GkTag.String:
                        v.P = (IntPtr)cursor;
                        cursor = WriteUtf8((string)a.Ref!, cursor);
                        break;
                }
                if (a.Name is not null)
                {
                    v.Name = (IntPtr)cursor;
                    cursor = WriteUtf8(a.Name, cursor);
                }
                values[k] = v;
            }

            var status = NativeMethods.gk_op_call(handle, values, args.Length, out results, out var count);
            // Tensors referenced only by args must outlive the native call.
            foreach (ref readonly var a in args) GC.KeepAlive(a.Ref);
            NativeMethods.Check(status, FullName);
            return count;
        }
        finally
        {
            if (onHeap) NativeMemory.Free(extra);
        }
    }

    private static unsafe byte* WriteUtf8(string text, byte* destination)
    {
        var written = Encoding.UTF8.GetBytes(text, new Span<byte>(destination, int.MaxValue));
        destination[written] = 0;
        return destination + written + 1;
    }

    private static unsafe object?[] ReadResults(GkValue* results, int count)
    {
        var total = 0;
        for (var k = 0; k < count; k++) total += results[k].Tag == GkTag.TensorList ? results[k].Count : 1;
        var output = new object?[total];
        var n = 0;
        for (var k = 0; k < count; k++)
        {
            ref var r = ref results[k];
            switch (r.Tag)
            {
                case GkTag.Tensor: output[n++] = new Tensor(r.P); break;
                case GkTag.TensorList:
                    for (var j = 0; j < r.Count; j++) output[n++] = new Tensor(((IntPtr*)r.P)[j]);
                    break;
                case GkTag.Int: output[n++] = r.I; break;
                case GkTag.Double: output[n++] = r.D; break;
                case GkTag.Bool: output[n++] = r.I != 0; break;
                default: output[n++] = null; break;
            }
        }
        return output;
    }

    private static void DisposeAll(object?[] results)
    {
        foreach (var r in results) (r as Tensor)?.Dispose();
    }

    /// <inheritdoc/>
    public override string ToString() => FullName;
}
