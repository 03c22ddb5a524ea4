using System.Net;

namespace GanKit.Visuals;

/// <summary>Raw HTML to show in a notebook output, such as a note, a table or a legend.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource<Html>), PreferredMimeTypes = new[] { "text/html" })]
public sealed class Html : IHtmlVisual
{
    /// <summary>Wraps markup that is shown as is (not escaped).</summary>
    public Html(string content)
    {
        Content = content ?? "";
    }

    /// <summary>The markup.</summary>
    public string Content { get; }

    /// <summary>Plain text, HTML-escaped, in a paragraph.</summary>
    public static Html Text(string text) => new($"<p>{WebUtility.HtmlEncode(text)}</p>");

    /// <summary>A heading (level 1 to 6) with escaped text.</summary>
    public static Html Heading(string text, int level = 3) =>
        new($"<h{Math.Clamp(level, 1, 6)}>{WebUtility.HtmlEncode(text)}</h{Math.Clamp(level, 1, 6)}>");

    /// <summary>Preformatted text (escaped), for logs and tables printed as text.</summary>
    public static Html Pre(string text) => new($"<pre>{WebUtility.HtmlEncode(text)}</pre>");

    /// <summary>Several visuals side by side, wrapping when the output is narrow.</summary>
    public static Html Row(params IHtmlVisual[] items) =>
        new("<div style=\"display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start\">" +
            string.Concat(items.Select(i => $"<div>{i.ToHtml()}</div>")) + "</div>");

    /// <inheritdoc />
    public string ToHtml() => Content;

    /// <summary>The markup itself.</summary>
    public override string ToString() => Content;
}
