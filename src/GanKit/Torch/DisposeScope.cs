namespace GanKit.Torch;

/// <summary>
/// Frees the native memory of every tensor created inside it when it ends, except tensors moved out with
/// <see cref="Tensor.MoveToOuterDisposeScope"/> or detached with <see cref="Tensor.DetachFromDisposeScope"/>.
/// A training step inside <c>using var scope = torch.NewDisposeScope();</c> keeps native memory flat.
/// Scopes nest per thread.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? _current;

    private readonly List<Tensor> _owned = [];
    private bool _disposed;

    internal DisposeScope()
    {
        Outer = _current;
        _current = this;
    }

    /// <summary>The innermost open scope on this thread, or null.</summary>
    public static DisposeScope? Current => _current;

    /// <summary>The scope that was current when this one opened.</summary>
    public DisposeScope? Outer { get; }

    /// <summary>Number of tensors this scope would free now.</summary>
    public int Count => _owned.Count(t => t.Scope == this && !t.IsDisposed);

    internal void Add(Tensor tensor) => _owned.Add(tensor);

    /// <summary>Moves tensors made in this scope to the outer scope (or out of all scopes), e.g. a step's results.</summary>
    public void MoveToOuter(params Tensor[] tensors)
    {
        foreach (var t in tensors) t.MoveToOuterDisposeScope();
    }

    /// <summary>Frees every tensor still owned by this scope.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var tensor in _owned)
        {
            if (tensor.Scope == this) tensor.Dispose();
        }
        _owned.Clear();
        // Scopes are disposed innermost first; restore the outer one even if an inner one leaked open.
        if (_current == this) _current = Outer;
    }
}
