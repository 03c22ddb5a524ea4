namespace GanKit.Visuals;

/// <summary>Something that renders itself as a self-contained HTML fragment for a notebook output.</summary>
public interface IHtmlVisual
{
    /// <summary>The HTML fragment: inline styles, data URIs and scripts only, no external files.</summary>
    string ToHtml();
}
