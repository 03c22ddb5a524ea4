namespace GanKit.Tests.Visuals;

/// <summary>
/// Tests that touch process-wide display state (plotly.js mode and bundle path, the notebook runner's
/// current directory, console routing and libtorch's thread count) run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DisplayGlobalsCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "GanKit display globals";
}
