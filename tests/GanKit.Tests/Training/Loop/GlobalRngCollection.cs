namespace GanKit.Tests.Training.Loop;

/// <summary>
/// Tests that need libtorch's global random generator to themselves: a training run draws latents and synthesis
/// noise from it, so a test running in parallel that draws too would change the run and break bit-identity.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRngCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "libtorch global RNG";
}
