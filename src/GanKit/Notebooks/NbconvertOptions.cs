namespace GanKit.Notebooks;

/// <summary>How <see cref="Nbconvert.ExecuteAsync"/> runs a notebook.</summary>
public sealed record NbconvertOptions
{
    /// <summary>The longest the whole notebook may run (kernel start included); null: no limit.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Figures inline plotly.js (the kernel gets <c>GANKIT_PLOTLY_OFFLINE=1</c>), so the page works offline.</summary>
    public bool OfflinePlotly { get; init; }

    /// <summary>The plotly.min.js to inline (passed to the kernel as <c>GANKIT_PLOTLY_JS</c>); null: GanKit searches build/plotly above the notebook.</summary>
    public string? PlotlyBundle { get; init; }

    /// <summary>Also write the HTML page (nbconvert's lab template) beside the executed notebook. Default true.</summary>
    public bool Html { get; init; } = true;
}
