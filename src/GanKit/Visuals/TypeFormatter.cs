namespace GanKit.Visuals;

/// <summary>
/// One convention-based formatter: renders instances of <see cref="Type"/> as <see cref="MimeType"/>. The
/// notebook kernel finds these members by name, so they must keep these exact names and signatures.
/// </summary>
public sealed class TypeFormatter
{
    private readonly Func<object, string?> _render;

    /// <summary>Creates a formatter.</summary>
    /// <param name="type">The type it formats (instances of derived types too).</param>
    /// <param name="mimeType">The MIME type it produces, such as <c>text/html</c>.</param>
    /// <param name="render">Returns the formatted text, or null to decline the instance.</param>
    public TypeFormatter(Type type, string mimeType, Func<object, string?> render)
    {
        Type = type;
        MimeType = mimeType;
        _render = render;
    }

    /// <summary>The MIME type this formatter produces.</summary>
    public string MimeType { get; }

    /// <summary>The type this formatter formats.</summary>
    public Type Type { get; }

    /// <summary>Writes <paramref name="instance"/> formatted as <see cref="MimeType"/>; false when it does not apply.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        if (instance is null || !Type.IsInstanceOfType(instance) || _render(instance) is not { } text)
        {
            return false;
        }
        writer.Write(text);
        return true;
    }
}
