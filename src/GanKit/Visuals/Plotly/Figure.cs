using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GanKit.Imaging;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// A Plotly figure: traces, layout, optional animation frames and chart config, serialised to Plotly's
/// JSON schema and drawn by plotly.js. Displays inline in notebooks.
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
    /// <summary>Creates an empty figure.</summary>
    [JsonConstructor]
    public Figure()
        : this(Array.Empty<Trace>())
    {
    }

    /// <summary>Creates a figure with the given traces.</summary>
    public Figure(params Trace[] traces)
    {
        Data = [.. traces];
    }

    /// <summary>The traces, drawn in order.</summary>
    public List<Trace> Data { get; set; }

    /// <summary>Title, axes, size and controls.</summary>
    public Layout Layout { get; set; } = new();

    /// <summary>Animation frames, or null for a still figure.</summary>
    public List<Frame>? Frames { get; set; }

    /// <summary>Chart configuration (responsive, no logo by default).</summary>
    public PlotConfig Config { get; set; } = new();

    /// <summary>Appends a trace and returns the figure.</summary>
    public Figure Add(Trace trace)
    {
        Data.Add(trace);
        return this;
    }

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
                Pad = new Margin { T = 40 },
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
                Active = 0, X = 0, Y = 0, Len = 1, Pad = new Margin { T = 85 },
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

    /// <summary>
    /// A heatmap of an image's brightness (mean of R, G, B) with rows top-down and square cells: a quick way
    /// to look at single channels or masks with hover values.
    /// </summary>
    public static Figure ImageHeatmap(RgbImage image, string colorScale = "Greys")
    {
        var z = new double[image.Height][];
        for (var y = 0; y < image.Height; y++)
        {
            z[y] = new double[image.Width];
            for (var x = 0; x < image.Width; x++)
            {
                var (r, g, b) = image.GetPixel(x, y);
                z[y][x] = (r + g + b) / 3.0;
            }
        }
        var figure = new Figure(new Heatmap { Z = z, ColorScale = colorScale });
        figure.Layout.YAxis = new Axis { AutoRange = "reversed", ScaleAnchor = "x" };
        return figure;
    }

    /// <summary>The figure as Plotly JSON (<c>data</c>, <c>layout</c>, <c>frames</c>, <c>config</c>).</summary>
    public string ToJson(bool indented = false) => PlotlyJson.Serialize(this, indented);

    /// <summary>Reads a figure from Plotly JSON (trace types scatter, bar, heatmap, histogram).</summary>
    public static Figure FromJson(string json) =>
        JsonSerializer.Deserialize<Figure>(json, PlotlyJson.Options) ?? throw new JsonException("Figure JSON is null.");

    /// <inheritdoc />
    public string ToHtml() => PlotlyJs.Render(ToJson(), Layout.Width, Layout.Height);

    /// <summary>Writes a standalone HTML page showing the figure, atomically.</summary>
    public void SaveHtml(string path)
    {
        var title = WebUtility.HtmlEncode(Layout.Title ?? "GanKit figure");
        AtomicFile.WriteAllText(path,
            $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n</head>\n<body>\n{ToHtml()}\n</body>\n</html>\n");
    }

    /// <summary>A one-line description, for plain-text displays.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Figure \"{Layout.Title}\": {Data.Count} trace(s)") +
        (Frames is { Count: > 0 } ? $", {Frames.Count} frame(s)" : "");
}
