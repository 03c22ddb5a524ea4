namespace GanKit.Formats.Pickle;

/// <summary>
/// Caps what one load may allocate, in proportion to the input, so a small crafted file cannot ask for
/// gigabytes: tensor bytes copied out of the file, state-dict entries, and converted JSON nodes.
/// </summary>
internal sealed class LoadBudget(long inputLength)
{
    private long _bytes = 3 * inputLength + (1 << 20);
    private long _entries = 4096 + inputLength / 16;
    private long _jsonNodes = 4096 + inputLength / 4;

    /// <summary>Reserves <paramref name="bytes"/> of tensor data, or throws before anything is allocated.</summary>
    public void ChargeBytes(long bytes, string what)
    {
        if (bytes < 0 || bytes > _bytes)
            throw new PickleDataException($"{what} would need {bytes} bytes, more than the file's size can hold; the file is corrupt");
        _bytes -= bytes;
    }

    /// <summary>Counts one state-dict entry.</summary>
    public void ChargeEntry()
    {
        if (--_entries < 0)
            throw new PickleDataException("the networks expand to more state-dict entries than the file's size can hold (modules shared in a loop?)");
    }

    /// <summary>Counts one converted JSON node.</summary>
    public void ChargeJsonNode()
    {
        if (--_jsonNodes < 0)
            throw new PickleDataException("keyword arguments expand to more values than the file's size can hold (containers shared in a loop?)");
    }
}
