namespace GanKit.Visuals;

/// <summary>
/// The formatter source named by <see cref="TypeFormatterSourceAttribute"/> on GanKit's visual types:
/// <c>text/html</c> from <see cref="IHtmlVisual.ToHtml"/> and <c>text/plain</c> from <c>ToString()</c>.
/// </summary>
/// <typeparam name="T">The visual type.</typeparam>
public sealed class HtmlFormatterSource<T> where T : IHtmlVisual
{
    /// <summary>The formatters for <typeparamref name="T"/>, HTML first.</summary>
    public IEnumerable<object> CreateTypeFormatters()
    {
        yield return new TypeFormatter(typeof(T), "text/html", value => ((T)value).ToHtml());
        yield return new TypeFormatter(typeof(T), "text/plain", value => value.ToString());
    }
}
