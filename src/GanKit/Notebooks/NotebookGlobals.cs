namespace GanKit.Notebooks;

/// <summary>
/// What notebook cells see as globals when GanKit's runner executes them, mirroring the .NET Interactive
/// kernel's helpers so the same notebook runs in Polyglot Notebooks and headless.
/// </summary>
public sealed class NotebookGlobals
{
    internal CellOutputCollector? Current { get; set; }

    /// <summary>
    /// Shows <paramref name="value"/> as an output of the running cell and returns a handle whose
    /// <see cref="DisplayHandle.Update"/> replaces it later.
    /// </summary>
    /// <param name="value">What to show.</param>
    /// <param name="mimeTypes">Only these MIME types (for example "text/plain"); none: HTML and text.</param>
#pragma warning disable IDE1006 // The kernel's helper is lower-case; notebooks must read the same in both.
    public DisplayHandle display(object? value, params string[] mimeTypes)
#pragma warning restore IDE1006
    {
        var current = Current ?? throw new InvalidOperationException("display() was called while no notebook cell is running.");
        return current.Display(value, mimeTypes);
    }
}
