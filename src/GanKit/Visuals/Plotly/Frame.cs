namespace GanKit.Visuals.Plotly;

/// <summary>One animation frame: the traces (and optionally layout) to show when the frame plays.</summary>
public sealed class Frame
{
    /// <summary>The frame's name; slider steps and buttons refer to frames by it.</summary>
    public string? Name { get; set; }

    /// <summary>Replacement traces, matched to the figure's traces by position (or by <see cref="Traces"/>).</summary>
    public List<Trace> Data { get; set; } = [];

    /// <summary>Indices of the figure traces that <see cref="Data"/> replaces, or null for 0, 1, 2, ...</summary>
    public int[]? Traces { get; set; }

    /// <summary>Layout changes for the frame, such as a new title.</summary>
    public Layout? Layout { get; set; }

    /// <summary>A group name, to animate a subset of frames.</summary>
    public string? Group { get; set; }
}
