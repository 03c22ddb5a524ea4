using System.Text.Json;
using System.Text.Json.Nodes;
using GanKit.Visuals.Plotly;

namespace GanKit.Tests.Visuals;

[Collection(DisplayGlobalsCollection.Name)]
public class PlotlyFigureTests
{
    [Fact]
    public void Heatmap_serialises_z_as_nested_arrays_and_omits_nulls()
    {
        var figure = new Figure(new Heatmap { Z = new[] { new[] { 1.0, 2, 3 }, new[] { 4, double.NaN, 6 } }, ColorScale = "Viridis", ZMin = 0 });
        var json = JsonNode.Parse(figure.ToJson())!;
        var trace = json["data"]![0]!.AsObject();
        Assert.Equal("heatmap", trace.First().Value!.GetValue<string>()); // "type" comes first
        Assert.Equal("type", trace.First().Key);
        Assert.Equal("[[1,2,3],[4,null,6]]", trace["z"]!.ToJsonString());
        Assert.Equal("Viridis", trace["colorscale"]!.GetValue<string>());
        Assert.Equal(0, trace["zmin"]!.GetValue<double>());
        Assert.False(trace.ContainsKey("zmax"));
        Assert.False(trace.ContainsKey("name"));
        Assert.False(json.AsObject().ContainsKey("frames"));
        Assert.Equal("{\"responsive\":true,\"displaylogo\":false}", json["config"]!.ToJsonString());
    }

    [Fact]
    public void Heatmap_keeps_its_rows_as_they_were_when_the_figure_was_made()
    {
        double[][] rows = [[1, 2], [3, 4]];
        var figure = new Figure(new Heatmap { Z = rows });
        rows[0][0] = 99;
        Assert.Equal("[[1,2],[3,4]]", JsonNode.Parse(figure.ToJson())!["data"]![0]!["z"]!.ToJsonString());
    }

    [Fact]
    public void Names_follow_the_plotly_schema()
    {
        var figure = new Figure(
                new Scatter { X = new[] { 1.0, 2.0 }, Y = new[] { 3, 4 }, Mode = "lines+markers", Name = "loss", Marker = new Marker { Color = "red", Size = 6, Opacity = 0.5 }, Line = new Line { Color = "#1b7837", Width = 2, Dash = "dot" } },
                new Bar { X = new[] { "a", "b" }, Y = new[] { 1, 2 }, Marker = new Marker { Color = "#e8710a" } },
                new Heatmap
                {
                    X = new[] { -1.0, 1.0 }, Y = new[] { 0.5f, 1.5f }, Z = new[] { new[] { 0.0, 1.0 }, new[] { 1.0, 0.0 } }, ZMax = 1,
                    ColorScale = ColorScale.FromStops((0, "#762a83"), (1, "#1b7837")),
                    HoverTemplate = "%{z:.2f}<extra></extra>",
                    Extra = new() { ["colorbar"] = new { title = new { text = "says" } } },
                })
            .WithTitle("T")
            .WithAxisTitles("step", null);
        figure.Layout.YAxis!.Range = [-3, 3];
        figure.Layout.YAxis.ScaleAnchor = "x";
        figure.Layout.YAxis.ZeroLine = false;
        figure.Layout.Legend = new Legend { Orientation = "h", Y = 1.02, YAnchor = "bottom" };
        figure.Layout.Extra = new() { ["barmode"] = "group" };

        var json = JsonNode.Parse(figure.ToJson())!;
        var scatter = json["data"]![0]!;
        Assert.Equal("scatter", scatter["type"]!.GetValue<string>());
        Assert.Equal("lines+markers", scatter["mode"]!.GetValue<string>());
        Assert.Equal("[3,4]", scatter["y"]!.ToJsonString());
        Assert.Equal("{\"color\":\"red\",\"size\":6,\"opacity\":0.5}", scatter["marker"]!.ToJsonString());
        Assert.Equal("{\"color\":\"#1b7837\",\"width\":2,\"dash\":\"dot\"}", scatter["line"]!.ToJsonString());
        var bar = json["data"]![1]!;
        Assert.Equal("bar", bar["type"]!.GetValue<string>());
        Assert.Equal("[\"a\",\"b\"]", bar["x"]!.ToJsonString());
        var heatmap = json["data"]![2]!;
        Assert.Equal("[-1,1]", heatmap["x"]!.ToJsonString());
        Assert.Equal("[0.5,1.5]", heatmap["y"]!.ToJsonString());
        Assert.Equal("[[0,\"#762a83\"],[1,\"#1b7837\"]]", heatmap["colorscale"]!.ToJsonString());
        Assert.Equal("%{z:.2f}<extra></extra>", heatmap["hovertemplate"]!.GetValue<string>());
        Assert.Equal("{\"title\":{\"text\":\"says\"}}", heatmap["colorbar"]!.ToJsonString());
        Assert.Equal(1, heatmap["zmax"]!.GetValue<double>());

        var layout = json["layout"]!;
        Assert.Equal("{\"text\":\"T\"}", layout["title"]!.ToJsonString());
        Assert.Equal("{\"title\":{\"text\":\"step\"}}", layout["xaxis"]!.ToJsonString());
        Assert.Equal("{\"range\":[-3,3],\"scaleanchor\":\"x\",\"zeroline\":false}", layout["yaxis"]!.ToJsonString());
        Assert.Equal("{\"orientation\":\"h\",\"y\":1.02,\"yanchor\":\"bottom\"}", layout["legend"]!.ToJsonString());
        Assert.Equal("group", layout["barmode"]!.GetValue<string>());
    }

    [Fact]
    public void Frames_and_animation_controls()
    {
        var figure = new Figure(new Scatter { Y = new[] { 1.0 } })
            .AddFrame("a", new Scatter { Y = new[] { 2.0 } })
            .AddFrame("b", new Scatter { Y = new[] { 3.0 } })
            .WithAnimationControls(250, "ψ = ");
        var json = JsonNode.Parse(figure.ToJson())!;
        Assert.Equal(["a", "b"], json["frames"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()));
        Assert.Equal("[3]", json["frames"]![1]!["data"]![0]!["y"]!.ToJsonString());
        var menu = json["layout"]!["updatemenus"]![0]!;
        Assert.Equal("buttons", menu["type"]!.GetValue<string>());
        Assert.Equal("{\"t\":40}", menu["pad"]!.ToJsonString());
        var play = menu["buttons"]![0]!;
        Assert.Equal("animate", play["method"]!.GetValue<string>());
        Assert.Equal("null", play["args"]![0]!?.ToJsonString() ?? "null");
        Assert.Equal(250, play["args"]![1]!["frame"]!["duration"]!.GetValue<int>());
        var slider = json["layout"]!["sliders"]![0]!;
        Assert.Equal(0, slider["active"]!.GetValue<int>());
        var steps = slider["steps"]!.AsArray();
        Assert.Equal("[\"b\"]", steps[1]!["args"]![0]!.ToJsonString());
        Assert.Equal("ψ = ", slider["currentvalue"]!["prefix"]!.GetValue<string>());
        Assert.Throws<InvalidOperationException>(() => new Figure().WithAnimationControls());
    }

    [Fact]
    public void Html_loads_plotly_once_from_the_cdn_and_adds_frames()
    {
        var previous = PlotlyJs.Mode;
        try
        {
            PlotlyJs.Mode = PlotlyJsMode.Cdn;
            var html = new Figure(new Scatter { Y = new[] { 1.0 } }).AddFrame("f", new Scatter { Y = new[] { 2.0 } }).WithSize(300, 200).ToHtml();
            Assert.Contains("class=\"gankit-plotly\"", html);
            Assert.Contains("width:300px;height:200px;", html);
            Assert.Contains("https://cdn.plot.ly/plotly-2.35.2.min.js", html);
            Assert.Contains("Plotly.newPlot(", html);
            Assert.Contains("Plotly.addFrames(", html);
            Assert.Contains("window.__gankitPlotly", html);
            Assert.DoesNotContain(PlotlyJs.BundleMarker, html);
            // Text that looks like markup cannot end the script early.
            Assert.DoesNotContain("</script><b>", new Figure().WithTitle("</script><b>").ToHtml());
        }
        finally
        {
            PlotlyJs.Mode = previous;
        }
    }

    [Fact]
    public void Offline_mode_inlines_the_local_bundle()
    {
        var (previousMode, previousPath) = (PlotlyJs.Mode, PlotlyJs.BundlePath);
        var bundle = Path.Combine(Path.GetTempPath(), $"fake-plotly-{Guid.NewGuid():N}.js");
        File.WriteAllText(bundle, "window.Plotly = { fake: '</script>' };");
        try
        {
            PlotlyJs.Mode = PlotlyJsMode.Offline;
            PlotlyJs.BundlePath = bundle;
            var html = new Figure().ToHtml();
            Assert.StartsWith($"<script {PlotlyJs.BundleMarker}>if(!window.Plotly)", html);
            Assert.Contains("window.Plotly = { fake: '<\\/script>' };", html);
            PlotlyJs.BundlePath = bundle + ".missing";
            var error = Assert.Throws<FileNotFoundException>(() => new Figure().ToHtml());
            Assert.Contains(".missing", error.Message);
        }
        finally
        {
            (PlotlyJs.Mode, PlotlyJs.BundlePath) = (previousMode, previousPath);
            File.Delete(bundle);
        }
    }

    [Fact]
    public void Non_finite_values_become_null_in_data_arrays()
    {
        var json = PlotlyJson.Serialize(new Scatter { Y = new[] { 1.0, double.PositiveInfinity, float.NaN } });
        Assert.Contains("\"y\":[1,null,null]", json);
        Assert.DoesNotContain("\"\\u", json);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json).RootElement.ValueKind);
    }
}
