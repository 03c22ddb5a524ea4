using System.Globalization;

namespace GanKit.Latent.Projection;

/// <summary>A square region of an image: top-left corner (<paramref name="X"/>, <paramref name="Y"/>) and side <paramref name="Size"/>, in pixels.</summary>
public sealed record SquareCrop(int X, int Y, int Size)
{
    /// <summary>Parses <c>x,y,size</c> (e.g. <c>--crop 120,40,512</c>).</summary>
    public static SquareCrop Parse(string text, string flag = "--crop")
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !parts.All(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)))
            throw new ArgumentException($"{flag} '{text}' is not x,y,size (three whole numbers of pixels, e.g. 120,40,512)");
        var v = parts.Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        if (v[0] < 0 || v[1] < 0 || v[2] < 2)
            throw new ArgumentException($"{flag} '{text}': x and y must be ≥ 0 and size at least 2 pixels");
        return new SquareCrop(v[0], v[1], v[2]);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{X},{Y},{Size}";
}
