using System.Globalization;
using System.Text.Json.Nodes;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// A Plotly figure: traces, layout, optional animation frames and chart config, serialised to plotly.js'
/// figure schema (the field names are plotly.js' own, lower-cased) and drawn by plotly.js. Displays inline in
/// notebooks. The model holds what GanKit's figures use; <see cref="Trace.Extra"/> and
/// <see cref="Layout.Extra"/> carry any other attribute by its schema name.
/// </summary>
/// <example>
/// <code>
/// new Figure(new Scatter { X = steps, Y = losses, Mode = "lines", Name = "G loss" })
///     .WithTitle("Training").WithAxisTitles("kimg", "loss")
/// </code>
/// </example>
[TypeFormatterSource(typeof(HtmlFormatterSource<Figure>), PreferredMimeTypes = new[] { "text/html" })]
public sealed class Figure : IHtmlVisual
{
    /// <summary>Creates a figure with the given traces (none: an empty figure).</summary>
    public Figure(params Trace[] traces)
    {
        Data = [.. traces];
    }

    /// <summary>The traces, drawn in order.</summary>
    public List<Trace> Data { get; }

    /// <summary>Title, axes, size and controls.</summary>
    public Layout Layout { get; } = new();

    /// <summary>Animation frames, or null for a still figure.</summary>
    public List<Frame>? Frames { get; private set; }

    /// <summary>Chart configuration (responsive, no logo).</summary>
    public PlotConfig Config { get; } = new();

    /// <summary>Sets the title and returns the figure.</summary>
    public Figure WithTitle(string title)
    {
        Layout.Title = title;
        return this;
    }

    /// <summary>Sets the first x and y axis titles and returns the figure.</summary>
    public Figure WithAxisTitles(string? x, string? y)
    {
        (Layout.XAxis ??= new Axis()).Title = x;
        (Layout.YAxis ??= new Axis()).Title = y;
        return this;
    }

    /// <summary>Sets the size in pixels and returns the figure.</summary>
    public Figure WithSize(int? width, int? height)
    {
        Layout.Width = width;
        Layout.Height = height;
        return this;
    }

    /// <summary>Appends an animation frame and returns the figure.</summary>
    public Figure AddFrame(string name, params Trace[] data)
    {
        (Frames ??= []).Add(new Frame { Name = name, Data = [.. data] });
        return this;
    }

    /// <summary>
    /// Adds Play/Pause buttons and a slider with one step per frame (by frame name), replacing any existing
    /// sliders and menus. Call after adding the frames.
    /// </summary>
    /// <param name="frameMilliseconds">How long each frame shows when playing.</param>
    /// <param name="sliderPrefix">Text before the current frame name, such as "ψ = ".</param>
    /// <param name="redraw">Whether plotly.js redraws fully per frame (needed for heatmaps; slower).</param>
    public Figure WithAnimationControls(int frameMilliseconds = 300, string? sliderPrefix = null, bool redraw = true)
    {
        if (Frames is not { Count: > 0 })
        {
            throw new InvalidOperationException("Add frames before animation controls.");
        }
        JsonObject Options(int duration) => new()
        {
            ["frame"] = new JsonObject { ["duration"] = duration, ["redraw"] = redraw },
            ["transition"] = new JsonObject { ["duration"] = 0 },
            ["mode"] = "immediate",
            ["fromcurrent"] = true,
        };
        Layout.UpdateMenus =
        [
            new UpdateMenu
            {
                // Buttons on their own row under the plot, the slider on the row below them, so
                // neither covers the other at any figure width.
                Type = "buttons", Direction = "left", ShowActive = false, X = 0, Y = 0, XAnchor = "left", YAnchor = "top",
                Pad = new Pad { T = 40 },
                Buttons =
                [
                    new MenuButton { Label = "▶ Play", Method = "animate", Args = [null, Options(frameMilliseconds)] },
                    new MenuButton { Label = "❚❚ Pause", Method = "animate", Args = [new JsonArray((JsonNode?)null), Options(0)] },
                ],
            },
        ];
        Layout.Sliders =
        [
            new Slider
            {
                Active = 0, X = 0, Y = 0, Len = 1, Pad = new Pad { T = 85 },
                CurrentValue = new SliderCurrentValue { Prefix = sliderPrefix, Visible = true, XAnchor = "left" },
                Steps = Frames.Select(f => new SliderStep
                {
                    Label = f.Name,
                    Method = "animate",
                    Args = [new JsonArray(f.Name), Options(0)],
                }).ToList(),
            },
        ];
        return this;
    }

    /// <summary>The figure as Plotly JSON (<c>data</c>, <c>layout</c>, <c>frames</c>, <c>config</c>).</summary>
    public string ToJson(bool indented = false) => PlotlyJson.Serialize(this, indented);

    /// <inheritdoc />
    public string ToHtml() => PlotlyJs.Render(ToJson(), Layout.Width, Layout.Height);

    /// <summary>A one-line description, for plain-text displays.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Figure \"{Layout.Title}\": {Data.Count} trace(s)") +
        (Frames is { Count: > 0 } ? $", {Frames.Count} frame(s)" : "");
}
