using System.Globalization;
using System.Text;

namespace GanKit.Visuals.Plotly;

/// <summary>
/// How figure HTML loads plotly.js. By default each figure's script loads the pinned CDN build once per
/// page (through require.js where the page has it, as in classic Jupyter; through a script tag
/// otherwise). In <see cref="PlotlyJsMode.Offline"/> mode the library is inlined from the local npm package
/// that <c>environment/install-browser</c> fetches into <c>build/plotly</c>.
/// </summary>
public static class PlotlyJs
{
    /// <summary>The plotly.js version the CDN URL and the local npm package are pinned to.</summary>
    public const string Version = "2.35.2";

    /// <summary>Marks the inlined library's script tag, so a page holding several figures can keep one copy.</summary>
    public const string BundleMarker = "data-gankit-plotly-bundle";

    private static readonly string[] BundleRelativePaths =
    [
        Path.Combine("build", "plotly", "node_modules", "plotly.js-dist-min", "plotly.min.js"),
        Path.Combine("node_modules", "plotly.js-dist-min", "plotly.min.js"),
    ];

    private static readonly Lock CacheLock = new();
    private static (string Path, string Tag)? _bundleCache;

    /// <summary>Where the CDN build is loaded from.</summary>
    public const string CdnUrl = $"https://cdn.plot.ly/plotly-{Version}.min.js";

    /// <summary>CDN or offline; starts as offline when the environment variable <c>GANKIT_PLOTLY_OFFLINE</c> is 1 or true.</summary>
    public static PlotlyJsMode Mode { get; set; } =
        Environment.GetEnvironmentVariable("GANKIT_PLOTLY_OFFLINE") is "1" or "true" or "TRUE" ? PlotlyJsMode.Offline : PlotlyJsMode.Cdn;

    /// <summary>An explicit path to <c>plotly.min.js</c> for offline mode; null: <see cref="FindBundle"/> searches.</summary>
    public static string? BundlePath { get; set; }

    /// <summary>
    /// Finds <c>plotly.min.js</c> for offline mode: <see cref="BundlePath"/>, then the environment variable
    /// <c>GANKIT_PLOTLY_JS</c>, then <c>build/plotly/node_modules/plotly.js-dist-min/plotly.min.js</c> in the
    /// current folder, the application folder or any folder above them.
    /// </summary>
    /// <exception cref="FileNotFoundException">No copy was found; the message says how to get one.</exception>
    internal static string FindBundle()
    {
        foreach (var explicitPath in new[] { BundlePath, Environment.GetEnvironmentVariable("GANKIT_PLOTLY_JS") })
        {
            if (!string.IsNullOrEmpty(explicitPath))
            {
                return File.Exists(explicitPath)
                    ? Path.GetFullPath(explicitPath)
                    : throw new FileNotFoundException($"plotly.js bundle '{explicitPath}' (from PlotlyJs.BundlePath or GANKIT_PLOTLY_JS) does not exist.", explicitPath);
            }
        }
        var starts = new[] { Environment.CurrentDirectory, AppContext.BaseDirectory, Path.GetDirectoryName(typeof(PlotlyJs).Assembly.Location) };
        foreach (var start in starts.Where(s => !string.IsNullOrEmpty(s)).Distinct())
        {
            for (var folder = new DirectoryInfo(start!); folder is not null; folder = folder.Parent)
            {
                foreach (var relative in BundleRelativePaths)
                {
                    var candidate = Path.Combine(folder.FullName, relative);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }
        throw new FileNotFoundException(
            "Offline plotly.js (plotly.js-dist-min) was not found. Run environment/install-browser in the GanKit " +
            "repository (it installs it into build/plotly), or set GANKIT_PLOTLY_JS to a plotly.min.js file.");
    }

    /// <summary>
    /// The inlined library as one script tag. It defines <c>window.Plotly</c> only if no copy is loaded yet,
    /// and hides any AMD loader from the bundle so it always installs itself as a global.
    /// </summary>
    internal static string BundleScriptTag()
    {
        var path = FindBundle();
        lock (CacheLock)
        {
            if (_bundleCache is { } cached && cached.Path == path)
            {
                return cached.Tag;
            }
            var source = File.ReadAllText(path).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
            var tag = $"<script {BundleMarker}>if(!window.Plotly){{(function(define,module,exports){{\n{source}\n}}).call(window);}}</script>";
            _bundleCache = (path, tag);
            return tag;
        }
    }

    /// <summary>A div and a script that draw the figure given as Plotly JSON (<c>data</c>, <c>layout</c>, <c>config</c>, <c>frames</c>).</summary>
    /// <param name="figureJson">The figure, serialised by <see cref="PlotlyJson"/> (which escapes &lt; and &gt;, so it is safe inside a script).</param>
    /// <param name="width">Width in pixels, or null for the container's width.</param>
    /// <param name="height">Height in pixels, or null for 450.</param>
    internal static string Render(string figureJson, int? width, int? height)
    {
        var id = "gankit-plot-" + Guid.NewGuid().ToString("N")[..12];
        var style = "width:" + (width is { } w ? w.ToString(CultureInfo.InvariantCulture) + "px" : "100%") +
                    ";height:" + (height ?? 450).ToString(CultureInfo.InvariantCulture) + "px;";
        var html = new StringBuilder();
        if (Mode == PlotlyJsMode.Offline)
        {
            html.Append(BundleScriptTag());
        }
        html.Append($"<div id=\"{id}\" class=\"gankit-plotly\" style=\"{style}\"></div>\n");
        html.Append("<script type=\"text/javascript\">\n(function () {\n");
        html.Append($"var id = \"{id}\";\nvar url = \"{CdnUrl}\";\nvar figure = {figureJson};\n");
        html.Append(LoaderScript);
        html.Append("})();\n</script>");
        return html.ToString();
    }

    // Draws with window.Plotly when present; otherwise loads the CDN build once per page and shares the
    // pending load between figures (window.__gankitPlotly), the way notebook front ends expect.
    private const string LoaderScript = """
        function draw(Plotly) {
          var el = document.getElementById(id);
          if (!el) { return; }
          Plotly.newPlot(el, figure.data || [], figure.layout || {}, figure.config || {}).then(function (gd) {
            if (figure.frames && figure.frames.length) { return Plotly.addFrames(gd, figure.frames); }
          }).catch(fail);
        }
        function fail(error) {
          var el = document.getElementById(id);
          if (el) { el.textContent = "plotly.js could not draw this figure: " + error; }
          console.error("GanKit figure " + id + ": " + error);
        }
        if (window.Plotly) { draw(window.Plotly); return; }
        if (typeof window.requirejs === "function" && typeof window.requirejs.config === "function") {
          window.requirejs.config({ paths: { "gankit-plotly": url.replace(/\.js$/, "") } });
          window.requirejs(["gankit-plotly"], function (P) { window.Plotly = window.Plotly || P; draw(P); }, fail);
          return;
        }
        if (!window.__gankitPlotly) {
          window.__gankitPlotly = new Promise(function (resolve, reject) {
            var script = document.createElement("script");
            script.src = url;
            script.onload = function () {
              if (window.Plotly) { resolve(window.Plotly); } else { reject(new Error("plotly.js loaded without defining Plotly")); }
            };
            script.onerror = function () { window.__gankitPlotly = null; reject(new Error("could not load " + url)); };
            document.head.appendChild(script);
          });
        }
        window.__gankitPlotly.then(draw, fail);

        """;
}
