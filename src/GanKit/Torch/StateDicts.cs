namespace GanKit.Torch;

/// <summary>Loading state dicts from files into TorchSharp modules, with every misfit reported at once.</summary>
public static class StateDicts
{
    /// <summary>
    /// Copies tensors read from a file into the module's parameters and buffers (keeping their device and dtype).
    /// All problems are collected first and reported in one <see cref="StateDictException"/> listing each offending
    /// key with expected and found shapes, so nothing is half-loaded.
    /// </summary>
    /// <param name="module">The module to fill.</param>
    /// <param name="source">Tensors by state-dict key.</param>
    /// <param name="strict">When set, keys missing from the source and unexpected keys are errors.</param>
    public static void LoadStateDict(this torch.nn.Module module, IReadOnlyDictionary<string, RawTensor> source, bool strict = true)
    {
        var own = module.state_dict();
        var problems = new List<string>();
        foreach (var (key, tensor) in own)
        {
            if (!source.TryGetValue(key, out var entry))
            {
                if (strict) problems.Add($"{key}: missing (expected shape [{string.Join(", ", tensor.shape)}])");
                continue;
            }
            if (!tensor.shape.SequenceEqual(entry.Shape))
                problems.Add($"{key}: expected shape [{string.Join(", ", tensor.shape)}], found [{string.Join(", ", entry.Shape)}]");
        }
        if (strict) problems.AddRange(source.Keys.Where(k => !own.ContainsKey(k)).Select(k => $"{k}: unexpected key"));
        if (problems.Count > 0) throw new StateDictException(module.GetType().Name, problems);

        using var noGrad = torch.no_grad();
        foreach (var (key, tensor) in own)
        {
            if (!source.TryGetValue(key, out var entry)) continue;
            using var value = entry.ToTensor();
            tensor.copy_(value);
        }
    }
}
