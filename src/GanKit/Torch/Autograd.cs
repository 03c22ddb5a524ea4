namespace GanKit.Torch;

/// <summary>
/// <c>torch.autograd.grad</c> that reports libtorch's errors as managed exceptions. In TorchSharp 0.107 an error
/// inside <c>torch.autograd.grad</c> (a graph already freed by an earlier backward, an input that does not require
/// grad) escapes as a C++ exception and ends the process; <c>backward</c> catches them. This computes the same
/// gradients through <c>backward</c> restricted to the inputs, as R1 and path-length penalties need.
/// </summary>
public static class Autograd
{
    /// <summary>
    /// The gradients of <paramref name="outputs"/> (weighted by <paramref name="grad_outputs"/>, ones when null) with
    /// respect to each of <paramref name="inputs"/>. With <paramref name="create_graph"/> they can be differentiated
    /// again (double backward). The inputs' own <c>.grad</c> is left as it was.
    /// </summary>
    /// <param name="retain_graph">Keep the graph for another backward; by default as <paramref name="create_graph"/>, as in PyTorch.</param>
    /// <exception cref="System.Runtime.InteropServices.ExternalException">libtorch refused the computation; the message says why.</exception>
    /// <exception cref="ArgumentException">An input the outputs do not depend on.</exception>
    public static Tensor[] grad(IList<Tensor> outputs, IList<Tensor> inputs, IList<Tensor>? grad_outputs = null,
        bool create_graph = false, bool? retain_graph = null)
    {
        // A non-leaf input (ws in the path-length penalty) keeps its .grad only when asked to; asking first also
        // spares libtorch's warning about reading the .grad of a non-leaf tensor.
        foreach (var input in inputs.Where(i => !i.is_leaf)) input.retain_grad();
        var saved = inputs.Select(i => i.grad).ToArray();
        try
        {
            foreach (var input in inputs) input.grad = null;
            torch.autograd.backward(outputs, grad_outputs, retain_graph ?? create_graph, create_graph, inputs);
            return inputs.Select((input, i) => input.grad
                ?? throw new ArgumentException($"input {i} (shape [{string.Join(", ", input.shape)}]) is not used to compute the outputs", nameof(inputs)))
                .ToArray();
        }
        finally
        {
            for (var i = 0; i < inputs.Count; i++) inputs[i].grad = saved[i];
        }
    }
}
