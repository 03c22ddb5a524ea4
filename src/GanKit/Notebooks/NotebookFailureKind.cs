namespace GanKit.Notebooks;

/// <summary>Why a notebook run stopped.</summary>
public enum NotebookFailureKind
{
    /// <summary>The cell did not compile.</summary>
    Compilation,

    /// <summary>The cell threw an exception.</summary>
    Exception,

    /// <summary>The run exceeded its time limit.</summary>
    Timeout,

    /// <summary>The run was cancelled.</summary>
    Cancelled,
}
