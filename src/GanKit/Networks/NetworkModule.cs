namespace GanKit.Networks;

/// <summary>
/// A TorchSharp <see cref="torch.nn.Module"/> whose members are registered under the reference state-dict names
/// (<c>weight</c>, <c>const</c>, <c>fc0</c>, <c>b4</c>, ...), so a state dict moves between GanKit and the
/// reference unchanged. Parameters and buffers are public fields named like their registration, as PyTorch
/// attributes are (<c>G.synthesis.b4.conv1.weight</c>): TorchSharp's <c>to(device)</c> and <c>to(dtype)</c> replace
/// the tensors and set such fields by name. (A property of that name would be set without updating the
/// registry.) Registration is explicit; nothing is registered by reflection.
/// </summary>
public abstract class NetworkModule : torch.nn.Module
{
    /// <summary>Creates the module; <paramref name="name"/> defaults to the class name.</summary>
    protected NetworkModule(string? name = null) : base(name ?? nameof(NetworkModule))
    {
    }

    /// <summary>Does nothing: members are registered explicitly under the reference names, never from field names.</summary>
    protected override void RegisterComponents()
    {
    }

    /// <summary>Registers a trainable parameter holding <paramref name="value"/> (which it takes over) and returns it.</summary>
    protected Parameter RegisterParameter(string name, Tensor value)
    {
        var parameter = new Parameter(value, requires_grad: true);
        parameter.DetachFromDisposeScope();
        register_parameter(name, parameter);
        return parameter;
    }

    /// <summary>Registers a buffer: state saved with the module but not trained (<c>w_avg</c>, filters, noise images).</summary>
    protected Tensor RegisterBuffer(string name, Tensor value, bool persistent = true)
    {
        value.DetachFromDisposeScope();
        register_buffer(name, value, persistent);
        return value;
    }

    /// <summary>Registers a submodule and returns it.</summary>
    protected T RegisterModule<T>(string name, T module) where T : torch.nn.Module
    {
        register_module(name, module);
        return module;
    }
}
