namespace GanKit.Training;

/// <summary>
/// Copies a pretrained network's weights into the network a run trains (transfer learning), by parameter and buffer
/// name. Strict: the two must hold the same tensors with the same shapes, and the first one that differs is named in
/// the error, with both shapes, so a resolution or width mismatch is found before training starts.
/// </summary>
public static class TransferWeights
{
    /// <summary>
    /// Copies every tensor of <paramref name="source"/> into <paramref name="target"/>. <paramref name="what"/> names
    /// the source in errors (e.g. <c>--resume 'ffhq.pkl' (G_ema)</c>), <paramref name="hint"/> is added to them.
    /// </summary>
    public static void Copy(torch.nn.Module source, torch.nn.Module target, string what, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        var from = source.state_dict();
        var to = target.state_dict();
        string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";
        string Fail(string detail) => $"{what} does not fit the network being trained: {detail}" + (hint is null ? "" : $" ({hint})");
        foreach (var (name, tensor) in to)
        {
            if (!from.TryGetValue(name, out var pretrained))
                throw new ArgumentException(Fail($"first mismatched tensor '{name}' {Shape(tensor)} is not in the file"));
            if (!pretrained.shape.SequenceEqual(tensor.shape))
                throw new ArgumentException(Fail($"first mismatched tensor '{name}' is {Shape(pretrained)} in the file and {Shape(tensor)} in the network being trained"));
        }
        var extra = from.Keys.FirstOrDefault(name => !to.ContainsKey(name));
        if (extra is not null)
            throw new ArgumentException(Fail($"first mismatched tensor '{extra}' {Shape(from[extra])} is in the file but not in the network being trained"));
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in to) tensor.copy_(from[name]);
    }
}
