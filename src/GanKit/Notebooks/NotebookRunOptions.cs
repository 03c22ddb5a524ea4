namespace GanKit.Notebooks;

/// <summary>Settings for one notebook run.</summary>
public sealed class NotebookRunOptions
{
    /// <summary>Stops the run with a failure when the whole notebook takes longer; null: no limit.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Figures inline plotly.js from the local bundle instead of the CDN (for offline viewing and checks).</summary>
    public bool OfflinePlotly { get; set; }

    /// <summary>
    /// Whether cells run with the notebook's folder as current directory, as in Polyglot Notebooks (so
    /// relative paths in cells mean the same). The current directory is process-wide: turn this off when
    /// other work in the process relies on it.
    /// </summary>
    public bool UseNotebookFolderAsCurrentDirectory { get; set; } = true;

    /// <summary>Receives a line per cell as the run progresses (for command-line progress), or null.</summary>
    public Action<string>? Log { get; set; }
}
