using GanKit.Networks;

namespace GanKit.Training;

/// <summary>
/// FreezeD (Mo et al. 2020, "Freeze the discriminator"): when fine-tuning a pretrained GAN on little data, keep D's
/// first layers, the generic low-level feature extractors, fixed and train only the rest. D's layers are counted from
/// the image: the first block's fromrgb, then each block's conv0, conv1 and skip, highest resolution first (as the
/// reference's <c>--freezed</c> counts them). The 4×4 epilogue and the label mapping are always trained.
/// </summary>
public static class DiscriminatorFreezing
{
    /// <summary>D's freezable layers in order, with their parameter-name prefixes (e.g. <c>b64.conv0</c>).</summary>
    public static IReadOnlyList<string> Layers(Discriminator D)
    {
        ArgumentNullException.ThrowIfNull(D);
        var layers = new List<string>();
        foreach (var block in D.blocks)
        {
            var name = $"b{block.Resolution}";
            if (block.fromrgb is not null) layers.Add($"{name}.fromrgb");
            layers.Add($"{name}.conv0");
            layers.Add($"{name}.conv1");
            layers.Add($"{name}.skip");
        }
        return layers;
    }

    /// <summary>
    /// Turns off gradients for the parameters of D's first <paramref name="count"/> layers and returns their names
    /// (optimizers built afterwards from the parameters that require grad leave them alone entirely).
    /// </summary>
    public static IReadOnlyList<string> Freeze(Discriminator D, int count)
    {
        var layers = Layers(D);
        if (count < 0 || count > layers.Count)
            throw new ArgumentException($"--freezed {count}: expected a number from 0 to {layers.Count}, the layers of this D before its epilogue ({string.Join(", ", layers)})");
        var prefixes = layers.Take(count).Select(l => l + ".").ToArray();
        var frozen = new List<string>();
        foreach (var (name, parameter) in D.named_parameters())
        {
            if (!prefixes.Any(name.StartsWith)) continue;
            parameter.requires_grad = false;
            frozen.Add(name);
        }
        return frozen;
    }
}
