using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;

namespace GanKit.Notebooks;

/// <summary>
/// Formats values for notebook outputs the way the .NET Interactive kernel does for types that opt in by
/// convention: an attribute named <c>TypeFormatterSourceAttribute</c> (any namespace, found by name) on the
/// value's type names a source whose <c>CreateTypeFormatters()</c> yields objects with <c>MimeType</c>,
/// optional <c>Type</c>, and <c>bool Format(object, TextWriter)</c>. Other values fall back to
/// <c>ToString()</c> as text/plain and HTML-escaped text; sequences of formattable items show side by side.
/// TorchSharp's tensors follow the convention themselves (shape, dtype, device and values, as in the kernel).
/// </summary>
public static class ValueFormatter
{
    private const int MaxItems = 100;

    private static readonly ConcurrentDictionary<Type, IReadOnlyList<ConventionFormatter>> Cache = new();

    /// <summary>Formats <paramref name="value"/> as text/html (when it has an HTML rendering or as escaped text) and text/plain.</summary>
    /// <param name="value">Anything; null renders as "null".</param>
    /// <param name="mimeTypes">Restricts the result to these MIME types (text/plain is kept when none match); empty: all.</param>
    public static FormattedValue Format(object? value, params string[] mimeTypes)
    {
        var data = new List<KeyValuePair<string, string>>();
        var html = TryFormat(value, "text/html");
        var plain = TryFormat(value, "text/plain");
        if (html is null && value is IEnumerable sequence and not string)
        {
            // Enumerate once: a lazy query (say, images generated per seed) must not run twice.
            var items = sequence.Cast<object?>().Take(MaxItems + 1).ToList();
            html = FormatSequenceHtml(items);
            plain ??= SequenceText(items);
        }
        plain ??= PlainText(value);
        data.Add(new("text/html", html ?? $"<pre>{WebUtility.HtmlEncode(plain)}</pre>"));
        data.Add(new("text/plain", plain));
        if (mimeTypes.Length > 0)
        {
            var kept = data.Where(d => mimeTypes.Contains(d.Key)).ToList();
            data = kept.Count > 0 ? kept : [new("text/plain", plain)];
        }
        return new FormattedValue(data);
    }

    /// <summary>Whether the value's type carries a convention formatter for <paramref name="mimeType"/>.</summary>
    public static bool HasFormatter(Type type, string mimeType) => FormattersFor(type).Any(f => f.MimeType == mimeType);

    /// <summary>Runs the value's convention formatters for <paramref name="mimeType"/>; null when none applies.</summary>
    public static string? TryFormat(object? value, string mimeType)
    {
        if (value is null)
        {
            return null;
        }
        foreach (var formatter in FormattersFor(value.GetType()))
        {
            if (formatter.MimeType != mimeType || !formatter.Type.IsInstanceOfType(value))
            {
                continue;
            }
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            bool formatted;
            try
            {
                formatted = (bool)formatter.Format.Invoke(formatter.Instance, [value, writer])!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new InvalidOperationException(
                    $"The {mimeType} formatter of {value.GetType().Name} failed: {e.InnerException.Message}", e.InnerException);
            }
            if (formatted)
            {
                return writer.ToString();
            }
        }
        return null;
    }

    private static IReadOnlyList<ConventionFormatter> FormattersFor(Type type) => Cache.GetOrAdd(type, Discover);

    private static IReadOnlyList<ConventionFormatter> Discover(Type type)
    {
        var formatters = new List<ConventionFormatter>();
        foreach (var attribute in type.GetCustomAttributes(inherit: true))
        {
            var attributeType = attribute.GetType();
            if (attributeType.Name != "TypeFormatterSourceAttribute" ||
                attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType)
            {
                continue;
            }
            var source = Activator.CreateInstance(sourceType);
            if (sourceType.GetMethod("CreateTypeFormatters", Type.EmptyTypes)?.Invoke(source, null) is not IEnumerable created)
            {
                continue;
            }
            foreach (var candidate in created)
            {
                if (candidate is null)
                {
                    continue;
                }
                var candidateType = candidate.GetType();
                var format = candidateType.GetMethod("Format", [typeof(object), typeof(TextWriter)]);
                if (candidateType.GetProperty("MimeType")?.GetValue(candidate) is string mime && format?.ReturnType == typeof(bool))
                {
                    // As in the kernel, a formatter without a Type property formats the annotated type.
                    var formatted = candidateType.GetProperty("Type")?.GetValue(candidate) as Type ?? type;
                    formatters.Add(new ConventionFormatter(mime, formatted, candidate, format));
                }
            }
        }
        return formatters;
    }

    private static string? FormatSequenceHtml(List<object?> items)
    {
        if (items.Count == 0 || !items.All(i => i is not null && HasFormatter(i.GetType(), "text/html")))
        {
            return null;
        }
        var html = new StringBuilder("<div style=\"display:flex;flex-wrap:wrap;gap:8px;align-items:flex-start\">");
        foreach (var item in items.Take(MaxItems))
        {
            html.Append("<div>").Append(TryFormat(item, "text/html")).Append("</div>");
        }
        if (items.Count > MaxItems)
        {
            html.Append($"<div>… (more than {MaxItems} items)</div>");
        }
        return html.Append("</div>").ToString();
    }

    private static string SequenceText(List<object?> items)
    {
        var shown = items.Take(20).Select(PlainText);
        return "[" + string.Join(", ", shown) + (items.Count > 20 ? ", …" : "") + "]";
    }

    private static string PlainText(object? value) => value switch
    {
        null => "null",
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => TryFormat(value, "text/plain") ?? value.ToString() ?? "",
    };

    private sealed record ConventionFormatter(string MimeType, Type Type, object Instance, MethodInfo Format);
}
