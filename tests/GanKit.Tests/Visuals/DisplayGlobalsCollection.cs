namespace GanKit.Tests.Visuals;

/// <summary>
/// Tests that touch process-wide display state (plotly.js mode and bundle path) or start a .NET Interactive
/// kernel (a notebook run uses both cores of a small machine) run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DisplayGlobalsCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "GanKit display globals";
}
