namespace GanKit.Formats.Pickle;

/// <summary>
/// A global (class or function) that the whitelist lets a pickle name. It is never Python code: calling it
/// runs a C# handler that builds plain data, and only the handlers set here exist.
/// </summary>
internal sealed class PyGlobal(string module, string name)
{
    public string Module { get; } = module;

    public string Name { get; } = name;

    public string FullName => $"{Module}.{Name}";

    /// <summary>What REDUCE, INST and OBJ do with arguments; null when the global cannot be called.</summary>
    public Func<PickleSession, object?[], object?>? Call { get; init; }

    /// <summary>What NEWOBJ does (<c>cls.__new__(cls, *args)</c>); null when not supported.</summary>
    public Func<PickleSession, object?[], object?>? New { get; init; }

    /// <summary>For the torch storage classes (<c>torch.FloatStorage</c>, ...): their element type.</summary>
    public ScalarType? StorageType { get; init; }
}
