using System.Globalization;
using System.Net;
using System.Text;
using GanKit.Imaging;

namespace GanKit.Visuals;

/// <summary>HTML for images: PNG data URIs in &lt;img&gt; tags, crisp when scaled up, with captions.</summary>
internal static class ImageHtml
{
    private const string CaptionStyle = "font:12px/1.3 system-ui,sans-serif;color:#333;margin-top:2px";

    /// <summary>One image (or APNG) with an optional caption.</summary>
    public static string Figure(string dataUri, int width, int height, double? displayScale, string? caption, string cssClass)
    {
        var scale = DisplaySettings.ScaleFor(width, height, displayScale);
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<figure class=\"{cssClass}\" style=\"display:inline-block;margin:4px;text-align:center;vertical-align:top\">");
        html.Append(Img(dataUri, width, height, scale, caption, fill: false));
        if (!string.IsNullOrEmpty(caption))
        {
            html.Append(CultureInfo.InvariantCulture, $"<figcaption style=\"{CaptionStyle}\">{WebUtility.HtmlEncode(caption)}</figcaption>");
        }
        html.Append("</figure>");
        return html.ToString();
    }

    /// <summary>A CSS grid of the cells with title, row labels, column labels and captions as text.</summary>
    public static string Grid(ImageGrid grid)
    {
        var images = grid.Cells.OfType<RgbImage>().ToList();
        var cellWidth = images.Count == 0 ? 32 : images.Max(i => i.Width);
        var cellHeight = images.Count == 0 ? 32 : images.Max(i => i.Height);
        var scale = DisplaySettings.ScaleFor(cellWidth, cellHeight, grid.DisplayScale);
        var columnWidth = Px(cellWidth * scale);
        var hasRowLabels = grid.RowLabels is { Count: > 0 };

        var html = new StringBuilder();
        var template = (hasRowLabels ? "auto " : "") + $"repeat({grid.Columns},minmax(0,{columnWidth}px))";
        html.Append($"<div class=\"gankit-grid\" style=\"display:inline-grid;grid-template-columns:{template};gap:4px;align-items:center;max-width:100%;font:13px/1.3 system-ui,sans-serif;color:#222\">");
        if (!string.IsNullOrEmpty(grid.Title))
        {
            html.Append($"<div style=\"grid-column:1/-1;font-weight:600;font-size:14px\">{WebUtility.HtmlEncode(grid.Title)}</div>");
        }
        if (grid.ColumnLabels is { Count: > 0 } columnLabels)
        {
            if (hasRowLabels)
            {
                html.Append("<div></div>");
            }
            for (var c = 0; c < grid.Columns; c++)
            {
                var label = c < columnLabels.Count ? columnLabels[c] : "";
                html.Append($"<div style=\"text-align:center;font-weight:600\">{WebUtility.HtmlEncode(label)}</div>");
            }
        }
        for (var i = 0; i < grid.Cells.Count; i++)
        {
            if (hasRowLabels && i % grid.Columns == 0)
            {
                var row = i / grid.Columns;
                var label = row < grid.RowLabels!.Count ? grid.RowLabels[row] : "";
                html.Append($"<div style=\"text-align:right;padding-right:4px;font-weight:600\">{WebUtility.HtmlEncode(label)}</div>");
            }
            if (grid.Cells[i] is not { } image)
            {
                html.Append("<div></div>");
                continue;
            }
            html.Append("<figure style=\"margin:0;text-align:center\">");
            html.Append(Img(image.ToDataUri(), image.Width, image.Height, scale, image.Caption, fill: true));
            if (!string.IsNullOrEmpty(image.Caption))
            {
                html.Append($"<figcaption style=\"{CaptionStyle}\">{WebUtility.HtmlEncode(image.Caption)}</figcaption>");
            }
            html.Append("</figure>");
        }
        html.Append("</div>");
        return html.ToString();
    }

    private static string Img(string dataUri, int width, int height, double scale, string? alt, bool fill)
    {
        // Scaling up keeps hard pixel edges (a GAN sample at 32x32 should look like pixels, not blur);
        // scaling down keeps the browser's smooth filter.
        var rendering = scale > 1 ? "image-rendering:pixelated;" : "";
        var size = fill ? "width:100%;height:auto;" : "max-width:100%;height:auto;";
        return $"<img src=\"{dataUri}\" width=\"{Px(width * scale)}\" height=\"{Px(height * scale)}\" alt=\"{WebUtility.HtmlEncode(alt ?? "")}\" style=\"{rendering}{size}display:block;margin:auto\">";
    }

    private static string Px(double value) => Math.Round(value).ToString(CultureInfo.InvariantCulture);
}
