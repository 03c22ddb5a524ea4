namespace GanKit;

/// <summary>
/// A file could not be read because its contents are not what GanKit expected: truncated, corrupt,
/// of another kind, or (for pickles) asking for something GanKit refuses to do. The message names the
/// file and what was expected, so it can be shown to a user as is.
/// </summary>
public class GanKitFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="filePath"/>.</summary>
    /// <param name="filePath">The file (or, for in-memory data, the name it was given).</param>
    /// <param name="problem">What is wrong and what was expected; the path is prefixed to it.</param>
    /// <param name="innerException">The low-level error that revealed the problem, if any.</param>
    public GanKitFormatException(string filePath, string problem, Exception? innerException = null)
        : base($"{filePath}: {problem}", innerException)
    {
        FilePath = filePath;
        Problem = problem;
    }

    /// <summary>The file the problem was found in.</summary>
    public string FilePath { get; }

    /// <summary>The message without the file path.</summary>
    public string Problem { get; }
}
