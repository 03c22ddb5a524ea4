namespace GanKit.Formats.Pickle;

/// <summary>State shared by every pickle read during one load: the file's name for messages, the
/// allocation budget, and storages already decoded from nested payloads.</summary>
internal sealed class PickleSession(string source, long inputLength)
{
    /// <summary>The file path (or given name) used in error messages.</summary>
    public string Source { get; } = source;

    public LoadBudget Budget { get; } = new(inputLength);

    /// <summary>
    /// Storages decoded by <c>torch.storage._load_from_bytes</c>, by payload object: a payload referenced
    /// twice through the memo is decoded once instead of once per reference.
    /// </summary>
    public Dictionary<PyBytes, TorchStorage> StoragesFromBytes { get; } = new(ReferenceEqualityComparer.Instance);
}
