namespace GanKit.Visuals.Plotly;

/// <summary>Where figures get plotly.js from.</summary>
public enum PlotlyJsMode
{
    /// <summary>Loaded once per page from the plotly CDN (needs internet where the page is viewed).</summary>
    Cdn,

    /// <summary>Inlined from a local copy of the npm package <c>plotly.js-dist-min</c> (works offline; about 4.6 MB per figure output).</summary>
    Offline,
}
