using GanKit.Networks;

namespace GanKit.Latent.Directions;

/// <summary>
/// Layer-ranged edits (GANSpace): w + α·d on the chosen ws only. Every ws index outside the range, and every index
/// when α = 0, is copied bit for bit, so an edit of strength 0 reproduces the unedited image exactly.
/// </summary>
public static class LatentEdit
{
    /// <summary>
    /// ws [N, num_ws, w_dim] moved by <paramref name="strength"/> along <paramref name="direction"/> [w_dim] on the ws
    /// indices in <paramref name="layers"/> (all when null).
    /// </summary>
    public static Tensor Edit(Generator G, Tensor ws, Tensor direction, double strength, IReadOnlyCollection<int>? layers = null)
    {
        var numWs = G.NumWs;
        var wDim = G.mapping.WDim;
        var s = ws.shape;
        if (s.Length != 3 || s[1] != numWs || s[2] != wDim)
            throw new ArgumentException($"edit: ws must have shape [N, {numWs}, {wDim}], got [{string.Join(", ", s)}]", nameof(ws));
        if (direction.dim() != 1 || direction.size(0) != wDim)
            throw new ArgumentException($"the direction has shape [{string.Join(", ", direction.shape)}] but this network's w_dim is {wDim}", nameof(direction));
        if (!double.IsFinite(strength)) throw new ArgumentException($"edit strength must be finite, got {strength}", nameof(strength));
        var indices = layers ?? Enumerable.Range(0, numWs).ToArray();
        foreach (var i in indices)
            if (i < 0 || i >= numWs) throw new ArgumentException($"--layers: ws index {i} is outside 0..{numWs - 1}");

        using var scope = torch.NewDisposeScope();
        var result = ws.detach().clone();
        // α = 0 adds nothing at all: w + 0·d would turn −0 into +0 and is not guaranteed bit-exact.
        if (strength == 0 || indices.Count == 0) return result.MoveToOuterDisposeScope();
        var step = (direction.to(ws.dtype).to(ws.device) * strength);
        foreach (var i in indices.Distinct())
        {
            var slice = result.select(1, i);
            slice.add_(step);
        }
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Edits ws with direction <paramref name="component"/> of <paramref name="directions"/>, checking its w_dim.</summary>
    public static Tensor Edit(Generator G, Tensor ws, DirectionSet directions, int component, double strength, IReadOnlyCollection<int>? layers = null)
    {
        CheckWDim(G, directions);
        using var scope = torch.NewDisposeScope();
        return Edit(G, ws, directions.Direction(component, ws.device), strength, layers).MoveToOuterDisposeScope();
    }

    /// <summary>A directions file made for another w_dim cannot edit this network: one clear error.</summary>
    public static void CheckWDim(Generator G, DirectionSet directions)
    {
        if (directions.WDim != G.mapping.WDim)
            throw new ArgumentException($"--directions: the file's directions have w_dim {directions.WDim}, but this network's w_dim is {G.mapping.WDim} (made for another network?)");
    }
}
