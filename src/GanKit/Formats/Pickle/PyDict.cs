namespace GanKit.Formats.Pickle;

/// <summary>
/// A Python dict (also OrderedDict and EasyDict, named by <see cref="ClassName"/>). Insertion order is kept
/// and, as in Python, assigning an existing key keeps its place. Keys follow Python equality
/// (<c>1 == 1.0 == True</c>); unhashable keys are refused.
/// </summary>
internal sealed class PyDict(string? className = null) : IPyBuildable
{
    // Dictionary does not take null keys; Python's None is stored under this sentinel.
    private static readonly object NoneKey = new();

    private Dictionary<object, object?>? _items;

    /// <summary>The dict subclass's qualified name, or null for a plain dict.</summary>
    public string? ClassName { get; } = className;

    public int Count => _items?.Count ?? 0;

    public IEnumerable<KeyValuePair<object?, object?>> Items =>
        _items is null ? [] : _items.Select(kv => KeyValuePair.Create(ReferenceEquals(kv.Key, NoneKey) ? null : kv.Key, kv.Value));

    public void Set(object? key, object? value)
    {
        PyKeyComparer.RequireHashable(key);
        (_items ??= new Dictionary<object, object?>(PyKeyComparer.Instance))[key ?? NoneKey] = value;
    }

    public bool TryGetValue(object? key, out object? value)
    {
        value = null;
        return _items is not null && _items.TryGetValue(key ?? NoneKey, out value);
    }

    /// <summary>The value of a str key, or null when absent.</summary>
    public object? Get(string key) => TryGetValue(key, out var value) ? value : null;

    /// <summary>
    /// A dict subclass's BUILD state holds instance attributes, which no dict GanKit reads uses;
    /// Python keeps them apart from the items, so they are ignored here.
    /// </summary>
    public void Build(object? state) { }
}
