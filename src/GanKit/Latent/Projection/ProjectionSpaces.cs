namespace GanKit.Latent.Projection;

/// <summary>Parsing and naming of <see cref="ProjectionSpace"/> for the command line.</summary>
public static class ProjectionSpaces
{
    /// <summary>Parses <c>w</c> or <c>wplus</c> (also <c>w+</c>), case-insensitively.</summary>
    /// <exception cref="ArgumentException">Any other text; the message names <paramref name="flag"/>.</exception>
    public static ProjectionSpace Parse(string text, string flag = "--space") => text.Trim().ToLowerInvariant() switch
    {
        "w" => ProjectionSpace.W,
        "wplus" or "w+" => ProjectionSpace.WPlus,
        _ => throw new ArgumentException($"{flag} '{text}' is not one of w, wplus"),
    };

    /// <summary>The command-line name: <c>w</c> or <c>wplus</c>.</summary>
    public static string Name(this ProjectionSpace space) => space == ProjectionSpace.W ? "w" : "wplus";
}
