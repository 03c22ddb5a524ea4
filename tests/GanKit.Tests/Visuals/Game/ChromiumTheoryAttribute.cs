using GanKit.Tests.Notebooks;

namespace GanKit.Tests.Visuals.Game;

/// <summary>A theory that needs headless Chromium (Debian's, from environment/install-browser); skipped with the reason where it is missing.</summary>
public sealed class ChromiumTheoryAttribute : TheoryAttribute
{
    /// <summary>Skips the theory unless /usr/bin/chromium exists.</summary>
    public ChromiumTheoryAttribute()
    {
        Skip = BrowserCheck.WhyUnavailable();
    }
}
