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
        var figure = new Figure(new Heatmap { Z = new double[,] { { 1, 2, 3 }, { 4, double.NaN, 6 } }, ColorScale = "Viridis", ZMin = 0 });
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
    public void Names_follow_the_plotly_schema()
    {
        var figure = new Figure(
                new Scatter { X = new[] { 1.0, 2.0 }, Y = new[] { 3, 4 }, Mode = "lines+markers", Name = "loss", Marker = new Marker { Color = "red", Size = 6, Opacity = 0.5 }, Line = new Line { Width = 2, Dash = "dot" }, XAxis = "x2", YAxis = "y2" },
                new Bar { X = new[] { "a", "b" }, Y = new[] { 1, 2 } },
                new Histogram { X = new[] { 1.0, 2.0, 2.5 }, NBinsX = 10, HistNorm = "probability" })
            .WithTitle("T")
            .WithAxisTitles("step", null);
        figure.Layout.XAxis2 = new Axis { Domain = [0.55, 1], Anchor = "y2" };
        figure.Layout.YAxis2 = new Axis { Range = [0, 1], AutoRange = "reversed" };
        figure.Layout.PaperBackgroundColor = "#fff";
        figure.Layout.ShowLegend = false;
        figure.Layout.Extra = new() { ["xaxis5"] = new Axis { Visible = false } };

        var json = JsonNode.Parse(figure.ToJson())!;
        var scatter = json["data"]![0]!;
        Assert.Equal("scatter", scatter["type"]!.GetValue<string>());
        Assert.Equal("lines+markers", scatter["mode"]!.GetValue<string>());
        Assert.Equal("[3,4]", scatter["y"]!.ToJsonString());
        Assert.Equal("x2", scatter["xaxis"]!.GetValue<string>());
        Assert.Equal("{\"color\":\"red\",\"size\":6,\"opacity\":0.5}", scatter["marker"]!.ToJsonString());
        Assert.Equal("{\"width\":2,\"dash\":\"dot\"}", scatter["line"]!.ToJsonString());
        Assert.Equal("[\"a\",\"b\"]", json["data"]![1]!["x"]!.ToJsonString());
        Assert.Equal(10, json["data"]![2]!["nbinsx"]!.GetValue<int>());
        Assert.Equal("probability", json["data"]![2]!["histnorm"]!.GetValue<string>());

        var layout = json["layout"]!;
        Assert.Equal("{\"text\":\"T\"}", layout["title"]!.ToJsonString());
        Assert.Equal("{\"title\":{\"text\":\"step\"}}", layout["xaxis"]!.ToJsonString());
        Assert.Equal("{}", layout["yaxis"]!.ToJsonString());
        Assert.Equal("{\"domain\":[0.55,1],\"anchor\":\"y2\"}", layout["xaxis2"]!.ToJsonString());
        Assert.Equal("reversed", layout["yaxis2"]!["autorange"]!.GetValue<string>());
        Assert.Equal("#fff", layout["paper_bgcolor"]!.GetValue<string>());
        Assert.False(layout["showlegend"]!.GetValue<bool>());
        Assert.Equal("{\"visible\":false}", layout["xaxis5"]!.ToJsonString());
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
        var play = json["layout"]!["updatemenus"]![0]!["buttons"]![0]!;
        Assert.Equal("animate", play["method"]!.GetValue<string>());
        Assert.Equal("null", play["args"]![0]!?.ToJsonString() ?? "null");
        Assert.Equal(250, play["args"]![1]!["frame"]!["duration"]!.GetValue<int>());
        var steps = json["layout"]!["sliders"]![0]!["steps"]!.AsArray();
        Assert.Equal("[\"b\"]", steps[1]!["args"]![0]!.ToJsonString());
        Assert.Equal("ψ = ", json["layout"]!["sliders"]![0]!["currentvalue"]!["prefix"]!.GetValue<string>());
        Assert.Throws<InvalidOperationException>(() => new Figure().WithAnimationControls());
    }

    [Fact]
    public void Json_round_trips_through_the_model()
    {
        var original = new Figure(new Heatmap { Z = new[] { new[] { 1.0, 2.0 } } }, new Scatter { Mode = "markers", Y = new[] { 1.0 } }).WithTitle("x");
        var copy = Figure.FromJson(original.ToJson());
        Assert.IsType<Heatmap>(copy.Data[0]);
        Assert.Equal("x", copy.Layout.Title);
        Assert.Equal(original.ToJson(), copy.ToJson());
        // Plotly JSON written elsewhere may put "type" anywhere.
        var foreign = Figure.FromJson("{\"data\":[{\"x\":[1],\"type\":\"bar\"}],\"layout\":{\"title\":\"plain\"}}");
        Assert.IsType<Bar>(foreign.Data[0]);
        Assert.Equal("plain", foreign.Layout.Title);
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
