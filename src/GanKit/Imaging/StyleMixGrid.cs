using GanKit.Latent;
using GanKit.Networks;
using GanKit.Networks.Layers;
using GanKit.Torch;

namespace GanKit.Imaging;

/// <summary>The images of a style-mixing grid: row and column sources and every mixed cell.</summary>
/// <param name="RowSeeds">Seeds receiving styles.</param>
/// <param name="ColumnSeeds">Seeds giving styles.</param>
/// <param name="Sources">Each seed's own image.</param>
/// <param name="Cells">The mixed image for each (row seed, column seed).</param>
public sealed record StyleMixResult(IReadOnlyList<uint> RowSeeds, IReadOnlyList<uint> ColumnSeeds,
    IReadOnlyDictionary<uint, RgbImage> Sources, IReadOnlyDictionary<(uint Row, uint Column), RgbImage> Cells)
{
    /// <summary>The grid: an empty corner, column sources along the top, row sources down the left, mixes inside.</summary>
    public ImageGrid ToGrid()
    {
        var grid = new ImageGrid(ColumnSeeds.Count + 1).AddEmpty();
        foreach (var col in ColumnSeeds) grid.Add(Sources[col], $"seed {col}");
        foreach (var row in RowSeeds)
        {
            grid.Add(Sources[row], $"seed {row}");
            foreach (var col in ColumnSeeds) grid.Add(Cells[(row, col)]);
        }
        return grid;
    }
}

/// <summary>Computes style-mixing grids (the library call behind <c>gankit style-mix</c>).</summary>
public static class StyleMixGrid
{
    /// <summary>
    /// Synthesises every seed and every mix: row ws with the <paramref name="styles"/> layers from the column's ws.
    /// </summary>
    public static StyleMixResult Compute(Generator G, IReadOnlyList<uint> rowSeeds, IReadOnlyList<uint> columnSeeds,
        IReadOnlyCollection<int> styles, double truncationPsi = 1, NoiseMode noiseMode = NoiseMode.Const, int? classIndex = null)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var allSeeds = rowSeeds.Concat(columnSeeds).Distinct().ToArray();
        var ws = G.SeedsToWs(allSeeds, truncationPsi, null, classIndex);
        var index = allSeeds.Select((s, i) => (s, i)).ToDictionary(p => p.s, p => (long)p.i);
        var sources = TensorImageConversion.ToImages(G.Synthesize(ws, noiseMode))
            .Select((img, i) => (allSeeds[i], img)).ToDictionary(p => p.Item1, p => p.img);

        var cells = new Dictionary<(uint, uint), RgbImage>();
        foreach (var row in rowSeeds)
        {
            using var rowScope = torch.NewDisposeScope();
            var rowWs = ws.narrow(0, index[row], 1).repeat(columnSeeds.Count, 1, 1);
            var colWs = torch.cat(columnSeeds.Select(c => ws.narrow(0, index[c], 1)).ToArray());
            var mixed = TensorImageConversion.ToImages(G.Synthesize(StyleMixing.Mix(rowWs, colWs, styles), noiseMode));
            for (var j = 0; j < columnSeeds.Count; j++) cells[(row, columnSeeds[j])] = mixed[j];
        }
        return new StyleMixResult(rowSeeds, columnSeeds, sources, cells);
    }
}
