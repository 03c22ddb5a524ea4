using System.Text.Json.Nodes;
using GanKit.Torch;

namespace GanKit.Formats.Pickle;

/// <summary>One network of a <see cref="NetworkSnapshot"/>: how it was constructed and its weights.</summary>
public sealed class SnapshotNetwork
{
    internal SnapshotNetwork(string name, string className, JsonObject initKwargs, JsonArray initArgs, IReadOnlyDictionary<string, RawTensor> state)
    {
        Name = name;
        ClassName = className;
        InitKwargs = initKwargs;
        InitArgs = initArgs;
        State = state;
    }

    /// <summary>The snapshot key: <c>G</c>, <c>G_ema</c>, <c>D</c> or <c>augment_pipe</c>.</summary>
    public string Name { get; }

    /// <summary>The reference class, e.g. <c>Generator</c>, <c>Discriminator</c>, <c>AugmentPipe</c>.</summary>
    public string ClassName { get; }

    /// <summary>
    /// The constructor keyword arguments with the reference names (<c>z_dim</c>, <c>w_dim</c>,
    /// <c>mapping_kwargs</c>, <c>synthesis_kwargs</c>, ...), converted to JSON.
    /// </summary>
    public JsonObject InitKwargs { get; }

    /// <summary>Positional constructor arguments, if any (the reference training code passes none).</summary>
    public JsonArray InitArgs { get; }

    /// <summary>
    /// The state dict as PyTorch's <c>state_dict()</c> names it, without prefix (<c>mapping.fc0.weight</c>,
    /// <c>synthesis.b4.conv1.noise_const</c>, ...): parameters and persistent buffers, module by module.
    /// </summary>
    public IReadOnlyDictionary<string, RawTensor> State { get; }
}
