namespace GanKit.Torch;

/// <summary>A state dict that does not fit a module: every offending key with expected and found shapes.</summary>
public sealed class StateDictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StateDictException(string module, IReadOnlyList<string> problems)
        : base($"{problems.Count} state-dict key(s) do not fit {module}:\n  " + string.Join("\n  ", problems)) =>
        Problems = problems;

    /// <summary>One line per offending key.</summary>
    public IReadOnlyList<string> Problems { get; }
}
