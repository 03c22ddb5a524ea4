using GanKit.Torch.Interop;

namespace GanKit.Torch;

public static partial class torch
{
    /// <summary>Automatic differentiation beyond <see cref="Tensor.backward"/>.</summary>
    public static class autograd
    {
        /// <summary>
        /// Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, as PyTorch's
        /// <c>torch.autograd.grad</c>. With <paramref name="create_graph"/> the gradients are differentiable
        /// (double backward, as R1 and path-length regularisation need). Entries are null for unused inputs
        /// when <paramref name="allow_unused"/> is set.
        /// </summary>
        public static unsafe Tensor?[] grad(Tensor[] outputs, Tensor[] inputs, Tensor?[]? grad_outputs = null,
            bool? retain_graph = null, bool create_graph = false, bool allow_unused = false)
        {
            if (grad_outputs is not null && grad_outputs.Length != outputs.Length)
                throw new ArgumentException($"grad_outputs has {grad_outputs.Length} entries for {outputs.Length} outputs", nameof(grad_outputs));
            var outputHandles = outputs.Select(t => t.Handle).ToArray();
            var inputHandles = inputs.Select(t => t.Handle).ToArray();
            var gradHandles = grad_outputs?.Select(t => t?.Handle ?? IntPtr.Zero).ToArray();
            var results = new IntPtr[inputs.Length];
            int status;
            fixed (IntPtr* o = outputHandles)
            fixed (IntPtr* i = inputHandles)
            fixed (IntPtr* g = gradHandles)
            fixed (IntPtr* r = results)
            {
                status = NativeMethods.gk_autograd_grad(o, outputs.Length, i, inputs.Length, g,
                    retain_graph is null ? -1 : retain_graph.Value ? 1 : 0, create_graph ? 1 : 0, allow_unused ? 1 : 0, r);
            }
            GC.KeepAlive(outputs);
            GC.KeepAlive(inputs);
            GC.KeepAlive(grad_outputs);
            NativeMethods.Check(status, "autograd.grad");
            return results.Select(h => h == IntPtr.Zero ? null : new Tensor(h)).ToArray();
        }
    }
}
