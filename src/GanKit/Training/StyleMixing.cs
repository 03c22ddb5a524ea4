using GanKit.Networks;

namespace GanKit.Training;

/// <summary>
/// Mixing regularisation (StyleGAN, §3.1): for a share of the fakes, the ws from a cutoff layer on come from a
/// second latent, so the network cannot assume adjacent styles are correlated. The cutoff is one draw per batch
/// (<see cref="IRandomDraws.StyleMixingCutoff"/>); the second latent does not move the tracked w̄.
/// </summary>
public sealed class StyleMixing
{
    /// <summary>Mixes with probability <paramref name="probability"/> per batch (0.9 in StyleGAN2; 0 turns it off).</summary>
    public StyleMixing(double probability = 0.9)
    {
        if (probability is < 0 or > 1 || double.IsNaN(probability))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "style mixing: the probability must be in [0, 1]");
        Probability = probability;
    }

    /// <summary>The chance that a batch is mixed.</summary>
    public double Probability { get; }

    /// <summary>
    /// ws [N, num_ws, w_dim] whose entries from the drawn cutoff on are replaced by the mapping of fresh latents
    /// (with the same labels <paramref name="c"/>); <paramref name="ws"/> itself when the batch is not mixed.
    /// </summary>
    public Tensor Apply(MappingNetwork mapping, Tensor ws, Tensor z, Tensor? c, IRandomDraws draws)
    {
        if (Probability == 0) return ws;
        var numWs = (int)ws.size(1);
        var cutoff = draws.StyleMixingCutoff(numWs, Probability);
        if (cutoff >= numWs) return ws;
        if (cutoff < 1) throw new InvalidOperationException($"style mixing: the cutoff must be in [1, {numWs}], got {cutoff}");
        using var scope = torch.NewDisposeScope();
        var other = mapping.forward(draws.MixingLatents(z), c, skip_w_avg_update: true);
        var mixed = torch.cat([ws.narrow(1, 0, cutoff), other.narrow(1, cutoff, numWs - cutoff)], 1);
        return mixed.MoveToOuterDisposeScope();
    }
}
