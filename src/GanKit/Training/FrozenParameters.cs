namespace GanKit.Training;

/// <summary>
/// Turns off <c>requires_grad</c> on a module's parameters for a scope, so a phase that trains one network
/// builds no gradients for the other; restores each parameter's setting on dispose.
/// </summary>
public sealed class FrozenParameters : IDisposable
{
    private readonly List<Parameter> _frozen = [];

    /// <summary>Freezes every parameter of <paramref name="module"/> that requires grad.</summary>
    public FrozenParameters(torch.nn.Module module)
    {
        foreach (var p in module.parameters())
        {
            if (!p.requires_grad) continue;
            p.requires_grad = false;
            _frozen.Add(p);
        }
    }

    /// <summary>Makes the frozen parameters require grad again.</summary>
    public void Dispose()
    {
        foreach (var p in _frozen) p.requires_grad = true;
        _frozen.Clear();
    }
}
