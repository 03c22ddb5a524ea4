using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace GanKit.Notebooks;

/// <summary>
/// Turns notebook markdown into HTML for handout pages: headings, paragraphs, bullet and numbered lists,
/// block quotes, fenced code, rules, pipe tables, and inline code, bold, italics, links and images. Raw
/// HTML is escaped, and math stays as typed.
/// </summary>
internal static partial class MarkdownHtml
{
    public static string Convert(string markdown)
    {
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        var html = new StringBuilder();
        var paragraph = new List<string>();
        string? listTag = null;

        void FlushParagraph()
        {
            if (paragraph.Count > 0)
            {
                html.Append("<p>").Append(Inline(string.Join(" ", paragraph))).Append("</p>\n");
                paragraph.Clear();
            }
        }

        void CloseList()
        {
            if (listTag is not null)
            {
                html.Append($"</{listTag}>\n");
                listTag = null;
            }
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                FlushParagraph();
                CloseList();
                var code = new StringBuilder();
                for (i++; i < lines.Length && !lines[i].Trim().StartsWith("```", StringComparison.Ordinal); i++)
                {
                    code.Append(lines[i]).Append('\n');
                }
                html.Append("<pre><code>").Append(WebUtility.HtmlEncode(code.ToString())).Append("</code></pre>\n");
                continue;
            }
            if (trimmed.Length == 0)
            {
                FlushParagraph();
                CloseList();
                continue;
            }
            if (Heading().Match(trimmed) is { Success: true } heading)
            {
                FlushParagraph();
                CloseList();
                var level = heading.Groups[1].Value.Length;
                html.Append($"<h{level}>{Inline(heading.Groups[2].Value.Trim())}</h{level}>\n");
                continue;
            }
            if (trimmed is "---" or "***" or "___")
            {
                FlushParagraph();
                CloseList();
                html.Append("<hr>\n");
                continue;
            }
            if (trimmed.StartsWith('|') && i + 1 < lines.Length && TableRule().IsMatch(lines[i + 1].Trim()))
            {
                FlushParagraph();
                CloseList();
                html.Append("<table>\n<thead><tr>");
                foreach (var cell in TableCells(trimmed))
                {
                    html.Append("<th>").Append(Inline(cell)).Append("</th>");
                }
                html.Append("</tr></thead>\n<tbody>\n");
                for (i += 2; i < lines.Length && lines[i].Trim().StartsWith('|'); i++)
                {
                    html.Append("<tr>");
                    foreach (var cell in TableCells(lines[i].Trim()))
                    {
                        html.Append("<td>").Append(Inline(cell)).Append("</td>");
                    }
                    html.Append("</tr>\n");
                }
                i--;
                html.Append("</tbody>\n</table>\n");
                continue;
            }
            if (trimmed.StartsWith('>'))
            {
                FlushParagraph();
                CloseList();
                html.Append("<blockquote>").Append(Inline(trimmed.TrimStart('>').Trim())).Append("</blockquote>\n");
                continue;
            }
            var bullet = Bullet().Match(line);
            var numbered = Numbered().Match(line);
            if (bullet.Success || numbered.Success)
            {
                FlushParagraph();
                var tag = bullet.Success ? "ul" : "ol";
                if (listTag != tag)
                {
                    CloseList();
                    html.Append($"<{tag}>\n");
                    listTag = tag;
                }
                var text = bullet.Success ? bullet.Groups[1].Value : numbered.Groups[1].Value;
                html.Append("<li>").Append(Inline(text)).Append("</li>\n");
                continue;
            }
            if (listTag is not null && line.StartsWith("  ", StringComparison.Ordinal))
            {
                // A continuation line of the last list item.
                var end = html.ToString().LastIndexOf("</li>", StringComparison.Ordinal);
                html.Insert(end, " " + Inline(trimmed));
                continue;
            }
            CloseList();
            paragraph.Add(trimmed);
        }
        FlushParagraph();
        CloseList();
        return html.ToString();
    }

    private static IEnumerable<string> TableCells(string row) =>
        row.Trim().Trim('|').Split('|').Select(c => c.Trim());

    /// <summary>Inline markup on escaped text; code spans are cut out first so their content stays literal.</summary>
    private static string Inline(string text)
    {
        var codeSpans = new List<string>();
        var withoutCode = CodeSpan().Replace(text, m =>
        {
            codeSpans.Add("<code>" + WebUtility.HtmlEncode(m.Groups[1].Value) + "</code>");
            return $"\u0000{codeSpans.Count - 1}\u0000";
        });
        var html = WebUtility.HtmlEncode(withoutCode);
        html = Image().Replace(html, "<img alt=\"$1\" src=\"$2\">");
        html = Link().Replace(html, "<a href=\"$2\">$1</a>");
        html = Bold().Replace(html, "<strong>$2</strong>");
        html = Italic().Replace(html, "<em>$2</em>");
        return Placeholder().Replace(html, m => codeSpans[int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)]);
    }

    [GeneratedRegex(@"^(#{1,6})\s+(.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")]
    private static partial Regex TableRule();

    [GeneratedRegex(@"^\s*[-*+]\s+(.*)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^\s*\d+[.)]\s+(.*)$")]
    private static partial Regex Numbered();

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!\[([^\]]*)\]\(([^)\s]+)\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[([^\]]+)\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"(\*\*|__)(.+?)\1")]
    private static partial Regex Bold();

    [GeneratedRegex(@"(?<![\w*])(\*|_)(?!\s)(.+?)(?<!\s)\1(?![\w*])")]
    private static partial Regex Italic();

    [GeneratedRegex("\u0000(\\d+)\u0000")]
    private static partial Regex Placeholder();
}
