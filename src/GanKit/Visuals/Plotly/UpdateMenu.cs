namespace GanKit.Visuals.Plotly;

/// <summary>A row of buttons on the figure (plotly.js' <c>layout.updatemenus</c>), such as Play and Pause for an animation.</summary>
public sealed class UpdateMenu
{
    /// <summary>"buttons" or "dropdown".</summary>
    public string? Type { get; set; }

    /// <summary>"left", "right", "up", "down".</summary>
    public string? Direction { get; set; }

    /// <summary>Whether the last pressed button stays highlighted.</summary>
    public bool? ShowActive { get; set; }

    /// <summary>Horizontal position, in fractions of the figure.</summary>
    public double? X { get; set; }

    /// <summary>Vertical position, in fractions of the figure.</summary>
    public double? Y { get; set; }

    /// <summary>"left", "center", "right".</summary>
    public string? XAnchor { get; set; }

    /// <summary>"top", "middle", "bottom".</summary>
    public string? YAnchor { get; set; }

    /// <summary>Padding in pixels.</summary>
    public Pad? Pad { get; set; }

    /// <summary>The buttons.</summary>
    public List<MenuButton> Buttons { get; set; } = [];
}
