namespace GanKit.Torch;

/// <summary>
/// A network component with named parameters, buffers and submodules, as <c>torch.nn.Module</c>.
/// Names compose into state-dict keys (<c>mapping.fc0.weight</c>), which are the contract of network files.
/// A module owns its tensors: they live outside dispose scopes until the module is disposed.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Tensor Tensor)> _parameters = [];
    private readonly List<(string Name, Tensor Tensor, bool Persistent)> _buffers = [];
    private readonly List<(string Name, Module Module)> _modules = [];

    /// <summary>Whether the module is in training mode (see <see cref="train"/>).</summary>
    public bool training { get; private set; } = true;

    /// <summary>Registers a trainable parameter (sets requires_grad) and returns it.</summary>
    protected Tensor RegisterParameter(string name, Tensor value)
    {
        CheckName(name);
        value.DetachFromDisposeScope();
        using (torch.no_grad()) value.requires_grad = true;
        _parameters.Add((name, value));
        return value;
    }

    /// <summary>Registers a buffer: state saved with the module but not trained (e.g. <c>w_avg</c>, filters).</summary>
    protected Tensor RegisterBuffer(string name, Tensor value, bool persistent = true)
    {
        CheckName(name);
        value.DetachFromDisposeScope();
        _buffers.Add((name, value, persistent));
        return value;
    }

    /// <summary>Registers a submodule and returns it.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _modules.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"'{name}' is not a valid member name", nameof(name));
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _modules.Any(m => m.Name == name))
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}", nameof(name));
    }

    /// <summary>Direct submodules.</summary>
    public IEnumerable<(string Name, Module Module)> named_children() => _modules;

    /// <summary>This module and every descendant, with dotted names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> named_modules(string prefix = "")
    {
        yield return (prefix, this);
        foreach (var (name, module) in _modules)
        {
            foreach (var item in module.named_modules(Join(prefix, name))) yield return item;
        }
    }

    /// <summary>Every parameter with its dotted name.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> named_parameters() =>
        named_modules().SelectMany(m => m.Module._parameters.Select(p => (Join(m.Name, p.Name), p.Tensor)));

    /// <summary>Every buffer with its dotted name.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> named_buffers() =>
        named_modules().SelectMany(m => m.Module._buffers.Select(b => (Join(m.Name, b.Name), b.Tensor)));

    /// <summary>Every parameter.</summary>
    public IEnumerable<Tensor> parameters() => named_parameters().Select(p => p.Parameter);

    /// <summary>Parameters and persistent buffers by state-dict key, in registration order. The tensors are the module's own.</summary>
    public IReadOnlyList<(string Key, Tensor Tensor)> state_dict()
    {
        var result = new List<(string, Tensor)>();
        foreach (var (prefix, module) in named_modules())
        {
            foreach (var (name, tensor) in module._parameters) result.Add((Join(prefix, name), tensor));
            foreach (var (name, tensor, persistent) in module._buffers)
            {
                if (persistent) result.Add((Join(prefix, name), tensor));
            }
        }
        return result;
    }

    /// <summary>
    /// Copies values into the module's tensors (keeping their device and dtype). All problems are collected
    /// first and reported in one <see cref="StateDictException"/> listing each offending key with expected
    /// and found shapes, so nothing is half-loaded.
    /// </summary>
    /// <param name="source">Tensors by key.</param>
    /// <param name="strict">When set, keys missing from the source and unexpected keys are errors.</param>
    public void load_state_dict(IReadOnlyDictionary<string, Tensor> source, bool strict = true) =>
        Load(source.ToDictionary(kv => kv.Key, kv => (kv.Value.shape, (Func<Tensor>)(() => kv.Value), false)), strict);

    /// <summary>Loads raw tensors (from a file) into the module; see <see cref="load_state_dict(IReadOnlyDictionary{string, Tensor}, bool)"/>.</summary>
    public void load_state_dict(IReadOnlyDictionary<string, RawTensor> source, bool strict = true) =>
        Load(source.ToDictionary(kv => kv.Key, kv => (kv.Value.Shape, (Func<Tensor>)(() => Tensor.FromRaw(kv.Value)), true)), strict);

    private void Load(Dictionary<string, (long[] Shape, Func<Tensor> Get, bool Owned)> source, bool strict)
    {
        var own = state_dict();
        var problems = new List<string>();
        foreach (var (key, tensor) in own)
        {
            if (!source.TryGetValue(key, out var entry))
            {
                if (strict) problems.Add($"{key}: missing (expected shape [{string.Join(", ", tensor.shape)}])");
                continue;
            }
            var expected = tensor.shape;
            if (!expected.SequenceEqual(entry.Shape))
                problems.Add($"{key}: expected shape [{string.Join(", ", expected)}], found [{string.Join(", ", entry.Shape)}]");
        }
        if (strict)
        {
            var known = own.Select(o => o.Key).ToHashSet();
            problems.AddRange(source.Keys.Where(k => !known.Contains(k)).Select(k => $"{k}: unexpected key"));
        }
        if (problems.Count > 0) throw new StateDictException(GetType().Name, problems);

        using var noGrad = torch.no_grad();
        foreach (var (key, tensor) in own)
        {
            if (!source.TryGetValue(key, out var entry)) continue;
            var value = entry.Get();
            try { tensor.copy_(value); }
            finally { if (entry.Owned) value.Dispose(); }
        }
    }

    /// <summary>Sets training mode here and in every submodule.</summary>
    public Module train(bool mode = true)
    {
        foreach (var (_, module) in named_modules()) module.training = mode;
        return this;
    }

    /// <summary>Sets evaluation mode (<c>train(false)</c>).</summary>
    public Module eval() => train(false);

    /// <summary>
    /// Moves every parameter and buffer to a device and/or converts floating-point ones to a dtype, in place:
    /// fields keep their tensor objects. Integer buffers keep their dtype.
    /// </summary>
    public Module to(Device? device = null, DType? dtype = null)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in named_modules())
        {
            foreach (var (_, tensor) in module._parameters)
            {
                var moved = Convert(tensor, device, dtype);
                moved.requires_grad = true;
                tensor.ReplaceWith(moved);
            }
            foreach (var (_, tensor, _) in module._buffers) tensor.ReplaceWith(Convert(tensor, device, dtype));
        }
        return this;
    }

    private static Tensor Convert(Tensor t, Device? device, DType? dtype)
    {
        var target = dtype is { } d && t.dtype.IsFloatingPoint() ? d : (DType?)null;
        using var converted = t.to(target, device);
        return converted.detach().DetachFromDisposeScope();
    }

    /// <summary>Sets the gradients of all parameters to none.</summary>
    public void zero_grad()
    {
        foreach (var p in parameters()) p.grad = null;
    }

    /// <summary>Sets requires_grad on all parameters (e.g. to freeze a network while training another).</summary>
    public void requires_grad_(bool value)
    {
        foreach (var p in parameters()) p.requires_grad = value;
    }

    /// <summary>Frees every parameter and buffer of this module and its submodules.</summary>
    public void Dispose()
    {
        foreach (var (_, module) in named_modules())
        {
            foreach (var (_, t) in module._parameters) t.Dispose();
            foreach (var (_, t, _) in module._buffers) t.Dispose();
        }
        GC.SuppressFinalize(this);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
