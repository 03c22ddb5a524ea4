namespace GanKit.Visuals;

/// <summary>
/// Names the class that creates display formatters for the annotated type. The .NET Interactive kernel
/// (Polyglot Notebooks) recognises any attribute with this exact class name and these member names, so
/// GanKit displays inline in VS Code and Jupyter without referencing Microsoft.DotNet.Interactive. The source class needs a public parameterless constructor and a public
/// <c>CreateTypeFormatters()</c> returning formatter objects, each with public <c>MimeType</c> (string) and
/// <c>Type</c> (<see cref="System.Type"/>) properties and one public <c>bool Format(object, TextWriter)</c> method.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = false, Inherited = true)]
public sealed class TypeFormatterSourceAttribute : Attribute
{
    /// <summary>Points the annotated type at its formatter source.</summary>
    /// <param name="formatterSourceType">A class with a public parameterless constructor and <c>CreateTypeFormatters()</c>.</param>
    public TypeFormatterSourceAttribute(Type formatterSourceType)
    {
        FormatterSourceType = formatterSourceType;
    }

    /// <summary>The class that creates the formatters.</summary>
    public Type FormatterSourceType { get; }

    /// <summary>
    /// The MIME types the kernel sends for the annotated type, most preferred first. <c>text/plain</c> is always
    /// among them (added last when not given), so every GanKit value also reads as text: in a terminal front end,
    /// in a notebook's JSON, and where HTML is not shown. Null stays null: the kernel's default.
    /// </summary>
    public string[]? PreferredMimeTypes
    {
        get => _preferredMimeTypes is null || _preferredMimeTypes.Contains("text/plain")
            ? _preferredMimeTypes
            : [.. _preferredMimeTypes, "text/plain"];
        set => _preferredMimeTypes = value;
    }

    private string[]? _preferredMimeTypes;
}
