namespace GanKit.Visuals.Plotly;

/// <summary>One animation frame: the traces to show when the frame plays, matched to the figure's traces by position.</summary>
public sealed class Frame
{
    /// <summary>The frame's name; slider steps and buttons refer to frames by it.</summary>
    public string? Name { get; set; }

    /// <summary>Replacement traces for the figure's first traces, in order.</summary>
    public List<Trace> Data { get; set; } = [];
}
