namespace GanKit.Notebooks;

/// <summary>A value rendered for a notebook output: text per MIME type, most preferred first.</summary>
/// <param name="Data">MIME type → formatted text; always holds "text/plain".</param>
public sealed record FormattedValue(IReadOnlyList<KeyValuePair<string, string>> Data)
{
    /// <summary>The text/html rendering, or null.</summary>
    public string? Html => Get("text/html");

    /// <summary>The text/plain rendering.</summary>
    public string PlainText => Get("text/plain") ?? "";

    /// <summary>The rendering for <paramref name="mimeType"/>, or null.</summary>
    public string? Get(string mimeType) => Data.FirstOrDefault(d => d.Key == mimeType).Value;
}
