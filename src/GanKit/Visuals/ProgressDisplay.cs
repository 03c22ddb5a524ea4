using System.Globalization;
using System.Net;

namespace GanKit.Visuals;

/// <summary>
/// A progress bar with a label, for long notebook cells: show one live, keep the handle, and update it with a
/// new value (<c>var bar = LiveDisplay.Show(new ProgressDisplay("training", 0, 100)); ... bar.Update(p with { Value = 40 })</c>).
/// </summary>
/// <param name="Label">What is progressing, such as "kimg" or "projecting".</param>
/// <param name="Value">How far it is, between 0 and <paramref name="Maximum"/>.</param>
/// <param name="Maximum">The value at completion.</param>
/// <param name="Detail">Extra text after the bar, such as a loss value, or null.</param>
[TypeFormatterSource(typeof(HtmlFormatterSource<ProgressDisplay>), PreferredMimeTypes = new[] { "text/html" })]
public sealed record ProgressDisplay(string Label, double Value, double Maximum = 1, string? Detail = null) : IHtmlVisual
{
    /// <summary>The fraction done, clamped to [0, 1].</summary>
    public double Fraction => Maximum > 0 ? Math.Clamp(Value / Maximum, 0, 1) : 0;

    /// <inheritdoc />
    public string ToHtml()
    {
        var value = Fraction.ToString("0.####", CultureInfo.InvariantCulture);
        var percent = (Fraction * 100).ToString("0", CultureInfo.InvariantCulture);
        var detail = string.IsNullOrEmpty(Detail) ? "" : $" <span style=\"color:#555\">{WebUtility.HtmlEncode(Detail)}</span>";
        return "<div class=\"gankit-progress\" style=\"font:13px system-ui,sans-serif;display:flex;gap:8px;align-items:center\">" +
               $"<span>{WebUtility.HtmlEncode(Label)}</span>" +
               $"<progress value=\"{value}\" max=\"1\" style=\"width:240px\"></progress>" +
               $"<span>{percent}% ({Format(Value)}/{Format(Maximum)})</span>{detail}</div>";
    }

    /// <summary>A text rendering such as <c>training [#####.....] 50% (50/100)</c>.</summary>
    public override string ToString()
    {
        var filled = (int)Math.Round(Fraction * 20);
        var detail = string.IsNullOrEmpty(Detail) ? "" : " " + Detail;
        return $"{Label} [{new string('#', filled)}{new string('.', 20 - filled)}] {Fraction * 100:0}% ({Format(Value)}/{Format(Maximum)}){detail}";
    }

    private static string Format(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
