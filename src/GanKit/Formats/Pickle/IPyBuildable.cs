namespace GanKit.Formats.Pickle;

/// <summary>An object that accepts the pickle BUILD opcode (Python's <c>__setstate__</c>).</summary>
internal interface IPyBuildable
{
    /// <summary>Applies the state that BUILD pops; throws <see cref="PickleDataException"/> if it is malformed.</summary>
    void Build(object? state);
}
