using System.Text.Json.Nodes;

namespace GanKit.Networks;

/// <summary>
/// The networks of one file: the generator to sample from (<c>G_ema</c>, the exponential moving average of the
/// trained generator) and, when the file holds them, the training generator <c>G</c> and discriminator <c>D</c>.
/// </summary>
public sealed class NetworkSet : IDisposable
{
    /// <summary>Creates the set.</summary>
    public NetworkSet(Generator gEma, Generator? g = null, Discriminator? d = null, JsonObject? metadata = null, string? source = null)
    {
        G_ema = gEma;
        G = g;
        D = d;
        Metadata = metadata ?? [];
        Source = source;
    }

    /// <summary>The generator for sampling.</summary>
    public Generator G_ema { get; }

    /// <summary>The training generator, if stored.</summary>
    public Generator? G { get; }

    /// <summary>The discriminator, if stored.</summary>
    public Discriminator? D { get; }

    /// <summary>Extra information kept with the networks (e.g. <c>augment_pipe</c>, <c>training_set_kwargs</c>).</summary>
    public JsonObject Metadata { get; }

    /// <summary>The file the networks came from, if any.</summary>
    public string? Source { get; }

    /// <summary>Moves every network to a device.</summary>
    public NetworkSet to(Device device)
    {
        G_ema.to(device);
        G?.to(device);
        D?.to(device);
        return this;
    }

    /// <summary>Frees the networks' tensors.</summary>
    public void Dispose()
    {
        G_ema.Dispose();
        G?.Dispose();
        D?.Dispose();
    }
}
