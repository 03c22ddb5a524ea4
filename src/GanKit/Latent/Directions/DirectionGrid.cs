using System.Globalization;
using GanKit.Imaging;
using GanKit.Networks;
using GanKit.Networks.Layers;

namespace GanKit.Latent.Directions;

/// <summary>Captioned image grids of edits: seeds × strengths for one direction, or components × strengths for one seed.</summary>
public static class DirectionGrid
{
    /// <summary>Rows seeds, columns strengths α (column labels <c>α = …</c>) of direction <paramref name="component"/>.</summary>
    /// <param name="inStdevs">Strengths are in units of the direction's stdev (when the file has one) instead of raw w units.</param>
    public static ImageGrid Edits(Generator G, IReadOnlyList<uint> seeds, DirectionSet directions, int component,
        IReadOnlyList<double> strengths, IReadOnlyCollection<int>? layers = null, double truncationPsi = 1,
        NoiseMode noiseMode = NoiseMode.Const, int? classIndex = null, bool inStdevs = false)
    {
        if (seeds.Count == 0) throw new ArgumentException("--seeds: expected one or more seeds");
        if (strengths.Count == 0) throw new ArgumentException("--strengths: expected one or more strengths");
        using var scope = torch.NewDisposeScope();
        var ws = G.SeedsToWs(seeds, truncationPsi, classIndex: classIndex);
        return Edits(G, ws, seeds.Select(s => $"seed {s}").ToArray(), directions, component, strengths, layers, noiseMode, inStdevs);
    }

    /// <summary>
    /// The edit grid for given latents <paramref name="ws"/> [N, num_ws, w_dim] (projected faces, for example): one
    /// row per latent, labelled by <paramref name="rowLabels"/>, one column per strength.
    /// </summary>
    public static ImageGrid Edits(Generator G, Tensor ws, IReadOnlyList<string> rowLabels, DirectionSet directions, int component,
        IReadOnlyList<double> strengths, IReadOnlyCollection<int>? layers = null, NoiseMode noiseMode = NoiseMode.Const, bool inStdevs = false)
    {
        ArgumentNullException.ThrowIfNull(ws);
        if (ws.dim() != 3 || ws.shape[1] != G.NumWs || ws.shape[2] != G.Config.WDim)
            throw new ArgumentException($"edit: latents must be [N, {G.NumWs}, {G.Config.WDim}], got [{string.Join(", ", ws.shape)}]", nameof(ws));
        if (rowLabels.Count != ws.shape[0]) throw new ArgumentException($"edit: {rowLabels.Count} row labels for {ws.shape[0]} latents", nameof(rowLabels));
        if (strengths.Count == 0) throw new ArgumentException("--strengths: expected one or more strengths");
        LatentEdit.CheckWDim(G, directions);
        using var scope = torch.NewDisposeScope();
        var direction = directions.Direction(component, G.device);
        var unit = inStdevs && directions.Stdev[component] > 0 ? directions.Stdev[component] : 1;
        var latents = ws.to(G.device);
        var rows = rowLabels.Select(_ => new List<RgbImage>()).ToArray();
        foreach (var alpha in strengths)
        {
            using var step = torch.NewDisposeScope();
            var edited = LatentEdit.Edit(G, latents, direction, alpha * unit, layers);
            var images = TensorImageConversion.ToImages(G.Synthesize(edited, noiseMode));
            for (var r = 0; r < rows.Length; r++) rows[r].Add(images[r]);
        }
        return ImageGrid.FromRows(rows)
            .WithRowLabels(rowLabels.ToArray())
            .WithColumnLabels(strengths.Select(a => $"α = {Format(a)}{(inStdevs && a != 0 ? "σ" : "")}").ToArray());
    }

    /// <summary>The direction explorer: rows components, columns strengths, all for one seed.</summary>
    public static ImageGrid Explorer(Generator G, uint seed, DirectionSet directions, IReadOnlyList<int> components,
        IReadOnlyList<double> strengths, IReadOnlyCollection<int>? layers = null, double truncationPsi = 1,
        NoiseMode noiseMode = NoiseMode.Const, int? classIndex = null, bool inStdevs = true)
    {
        if (components.Count == 0) throw new ArgumentException("--component: expected one or more components");
        var rows = new List<IEnumerable<RgbImage>>();
        foreach (var c in components)
        {
            var grid = Edits(G, [seed], directions, c, strengths, layers, truncationPsi, noiseMode, classIndex, inStdevs);
            rows.Add(grid.Cells.Select(cell => cell!));
        }
        return ImageGrid.FromRows(rows)
            .WithRowLabels(components.Select(c => $"component {c}").ToArray())
            .WithColumnLabels(strengths.Select(a => $"α = {Format(a)}{(inStdevs && a != 0 ? "σ" : "")}").ToArray())
            .WithTitle($"seed {seed}");
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
