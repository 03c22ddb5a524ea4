namespace GanKit.Visuals.Plotly;

/// <summary>Space in pixels around the plot (also used for slider and menu padding).</summary>
public sealed class Margin
{
    /// <summary>Left.</summary>
    public int? L { get; set; }

    /// <summary>Right.</summary>
    public int? R { get; set; }

    /// <summary>Top.</summary>
    public int? T { get; set; }

    /// <summary>Bottom.</summary>
    public int? B { get; set; }
}
