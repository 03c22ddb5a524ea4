namespace GanKit.Tests.Notebooks;

/// <summary>A test that needs headless Chromium and the local plotly.js; skipped (with the reason) where they are missing.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    /// <summary>Skips the test unless environment/install-browser has run.</summary>
    public BrowserFactAttribute()
    {
        Skip = BrowserRequirements.WhyUnavailable();
    }
}

/// <summary>A theory that needs headless Chromium and the local plotly.js; skipped (with the reason) where they are missing.</summary>
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory unless environment/install-browser has run.</summary>
    public BrowserTheoryAttribute()
    {
        Skip = BrowserRequirements.WhyUnavailable();
    }
}

/// <summary>What the browser checks need: Debian's chromium and the plotly.js bundle, both from environment/install-browser.</summary>
public static class BrowserRequirements
{
    /// <summary>Why browser checks cannot run here, or null when they can.</summary>
    public static string? WhyUnavailable() =>
        BrowserCheck.WhyUnavailable() ??
        (File.Exists(TestRepository.PlotlyBundle) ? null : $"{TestRepository.PlotlyBundle} is missing; run environment/install-browser");
}
