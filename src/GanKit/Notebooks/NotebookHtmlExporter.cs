using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GanKit.Imaging;
using GanKit.Visuals.Plotly;

namespace GanKit.Notebooks;

/// <summary>
/// Writes an executed notebook as one standalone HTML page for handouts: markdown rendered, each code
/// cell's source in a &lt;pre&gt; block followed by its outputs (HTML as is, images, text, errors). When
/// figures inline plotly.js, the page keeps a single copy of it.
/// </summary>
public static class NotebookHtmlExporter
{
    private const string Style = """
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 1000px; margin: 2em auto; padding: 0 1em; color: #222; }
        pre { background: #f6f8fa; padding: 8px 12px; overflow-x: auto; font: 13px/1.45 ui-monospace, "Cascadia Code", Menlo, Consolas, monospace; border-radius: 4px; }
        .cell { margin: 1em 0; }
        .code pre { border-left: 3px solid #5b8def; }
        .output { margin: 4px 0 4px 12px; overflow-x: auto; }
        .output pre { background: #fff; border: 1px solid #eee; }
        .stderr pre, .error pre { background: #fff5f5; border-color: #f3c0c0; color: #a40000; }
        table { border-collapse: collapse; } th, td { border: 1px solid #ddd; padding: 2px 8px; }
        @media print { pre { white-space: pre-wrap; overflow-wrap: anywhere; } .cell { break-inside: avoid; } }
        """;

    /// <summary>The page's HTML.</summary>
    /// <param name="notebook">The (usually executed) notebook.</param>
    /// <param name="title">Page title; null: the first markdown heading, or "Notebook".</param>
    public static string ToHtml(NotebookDocument notebook, string? title = null)
    {
        title ??= notebook.Cells.Where(c => c.CellType == "markdown")
            .SelectMany(c => c.Source.Split('\n'))
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.StartsWith('#'))?.TrimStart('#').Trim() ?? "Notebook";
        var body = new StringBuilder();
        foreach (var cell in notebook.Cells)
        {
            switch (cell.CellType)
            {
                case "markdown":
                    body.Append("<div class=\"cell markdown\">\n").Append(MarkdownHtml.Convert(cell.Source)).Append("</div>\n");
                    break;
                case "code":
                    body.Append("<div class=\"cell code\">\n<pre><code>").Append(WebUtility.HtmlEncode(cell.Source)).Append("</code></pre>\n");
                    foreach (var output in cell.Outputs)
                    {
                        body.Append(RenderOutput(output));
                    }
                    body.Append("</div>\n");
                    break;
                default:
                    body.Append("<div class=\"cell raw\"><pre>").Append(WebUtility.HtmlEncode(cell.Source)).Append("</pre></div>\n");
                    break;
            }
        }
        var page = $"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
                   $"<title>{WebUtility.HtmlEncode(title)}</title>\n<style>\n{Style}\n</style>\n</head>\n<body>\n{body}</body>\n</html>\n";
        return KeepFirstPlotlyBundle(page);
    }

    /// <summary>Writes the page atomically.</summary>
    public static void Save(NotebookDocument notebook, string path, string? title = null) =>
        AtomicFile.WriteAllText(path, ToHtml(notebook, title));

    private static string RenderOutput(JsonObject output)
    {
        switch (NotebookOutputs.Kind(output))
        {
            case "display_data" or "execute_result":
                if (NotebookOutputs.GetData(output, "text/html") is { } html)
                {
                    return $"<div class=\"output\">{html}</div>\n";
                }
                foreach (var mime in new[] { "image/png", "image/jpeg", "image/gif", "image/svg+xml" })
                {
                    if (NotebookOutputs.GetData(output, mime) is { } image)
                    {
                        var source = mime == "image/svg+xml"
                            ? "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(image))
                            : $"data:{mime};base64,{image.Replace("\n", "")}";
                        return $"<div class=\"output\"><img src=\"{source}\" alt=\"\"></div>\n";
                    }
                }
                var plain = NotebookOutputs.GetData(output, "text/plain") ?? "";
                return $"<div class=\"output\"><pre>{WebUtility.HtmlEncode(plain)}</pre></div>\n";
            case "stream":
                var stream = output["name"]?.GetValue<string>() == "stderr" ? "stderr" : "stdout";
                return $"<div class=\"output {stream}\"><pre>{WebUtility.HtmlEncode(NotebookOutputs.GetStreamText(output))}</pre></div>\n";
            case "error":
                var traceback = output["traceback"] is JsonArray lines
                    ? string.Join("\n", lines.Select(l => l?.GetValue<string>() ?? ""))
                    : $"{output["ename"]}: {output["evalue"]}";
                return $"<div class=\"output error\"><pre>{WebUtility.HtmlEncode(traceback)}</pre></div>\n";
            default:
                return "";
        }
    }

    /// <summary>Each offline figure carries plotly.js; one copy (the first, which runs first) serves the page.</summary>
    private static string KeepFirstPlotlyBundle(string page)
    {
        var marker = $"<script {PlotlyJs.BundleMarker}>";
        var first = page.IndexOf(marker, StringComparison.Ordinal);
        if (first < 0)
        {
            return page;
        }
        var result = new StringBuilder(page.Length);
        var afterFirst = page.IndexOf("</script>", first, StringComparison.Ordinal) + "</script>".Length;
        result.Append(page, 0, afterFirst);
        var position = afterFirst;
        while (true)
        {
            var next = page.IndexOf(marker, position, StringComparison.Ordinal);
            if (next < 0)
            {
                result.Append(page, position, page.Length - position);
                return result.ToString();
            }
            result.Append(page, position, next - position);
            position = page.IndexOf("</script>", next, StringComparison.Ordinal) + "</script>".Length;
        }
    }
}
