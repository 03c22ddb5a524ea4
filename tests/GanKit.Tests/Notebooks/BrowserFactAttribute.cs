namespace GanKit.Tests.Notebooks;

/// <summary>A test that needs headless Chromium and the local plotly.js; skipped (with the reason) where they are missing.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless environment/install-browser has run.</summary>
    public BrowserFactAttribute()
    {
        if (BrowserCheck.WhyUnavailable() is { } reason)
        {
            Skip = reason;
        }
        else if (!File.Exists(TestRepository.PlotlyBundle))
        {
            Skip = $"{TestRepository.PlotlyBundle} is missing; run environment/install-browser";
        }
    }
}
