using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Latent.Directions;
using GanKit.Networks.Layers;
using GanKit.Tests.Networks;

namespace GanKit.Tests.Latent.Directions;

public class LatentEditTests
{
    private static DirectionSet Pca => LazyPca.Value;
    private static readonly Lazy<DirectionSet> LazyPca = new(() => GanSpace.Pca(DirectionsTestNetwork.G, 1000, 4));

    private static bool BitEqual(Tensor a, Tensor b) =>
        a.shape.SequenceEqual(b.shape) && a.contiguous().bytes.SequenceEqual(b.contiguous().bytes);

    [Fact]
    public void StrengthZeroReproducesTheImageExactly()
    {
        using var scope = torch.NewDisposeScope();
        var G = DirectionsTestNetwork.G;
        var ws = G.SeedsToWs([85, 100], truncationPsi: 0.7);
        var edited = LatentEdit.Edit(G, ws, Pca, component: 0, strength: 0, layers: [0, 1, 2, 3, 4, 5]);
        Assert.True(BitEqual(ws, edited));
        Assert.True(BitEqual(G.Synthesize(ws, NoiseMode.Const), G.Synthesize(edited, NoiseMode.Const)));
    }

    [Fact]
    public void ALayerRangedEditLeavesTheOtherWsBitIdentical()
    {
        using var scope = torch.NewDisposeScope();
        var G = DirectionsTestNetwork.G;
        var ws = G.SeedsToWs([1, 2, 3]);
        int[] layers = [2, 3, 4];
        var d = Pca.Direction(1);
        var edited = LatentEdit.Edit(G, ws, d, 3.5, layers);
        for (var i = 0; i < G.NumWs; i++)
        {
            if (layers.Contains(i))
                Compare.Close(edited.select(1, i), ws.select(1, i) + 3.5 * d, 1e-6, $"ws {i}");
            else
                Assert.True(BitEqual(edited.select(1, i), ws.select(1, i)), $"ws {i} outside the range changed");
        }
        Assert.False(BitEqual(G.Synthesize(edited), G.Synthesize(ws)), "the edit changes the image");
        Assert.True(BitEqual(ws, G.SeedsToWs([1, 2, 3])), "the input ws are not modified");
    }

    [Fact]
    public void BadInputGivesOneClearError()
    {
        using var scope = torch.NewDisposeScope();
        var G = DirectionsTestNetwork.G;
        var ws = G.SeedsToWs([1]);
        var e = Assert.Throws<ArgumentException>(() => LatentEdit.Edit(G, ws, Pca, component: 4, strength: 1));
        Assert.Contains("--component 4 is outside 0..3", e.Message);
        e = Assert.Throws<ArgumentException>(() => LatentEdit.Edit(G, ws, Pca, 0, 1, layers: [8]));
        Assert.Contains("--layers", e.Message);
        var other = new DirectionSet([Enumerable.Repeat(1.0, 128).ToArray()], [1], new double[128], [1], "pca", 1);
        e = Assert.Throws<ArgumentException>(() => LatentEdit.Edit(G, ws, other, 0, 1));
        Assert.Contains("w_dim 128", e.Message);
        e = Assert.Throws<ArgumentException>(() => DirectionGrid.Edits(G, [], Pca, 0, [1.0]));
        Assert.Contains("--seeds", e.Message);
    }

    [Fact]
    public void EditGridHasSeedRowsAndStrengthColumns()
    {
        var G = DirectionsTestNetwork.G;
        var grid = DirectionGrid.Edits(G, [85, 100], Pca, 0, [-5, 0, 5], layers: [0, 1, 2, 3, 4, 5], inStdevs: true);
        Assert.Equal(2, grid.Rows);
        Assert.Equal(3, grid.Columns);
        Assert.Equal(["seed 85", "seed 100"], grid.RowLabels!);
        Assert.Equal(["α = -5σ", "α = 0", "α = 5σ"], grid.ColumnLabels!);
        // The middle column is the unedited image; the outer ones differ from it.
        using var scope = torch.NewDisposeScope();
        var plain = TensorImageConversion.ToImages(G.Generate([85, 100]));
        Assert.Equal(plain[0].ToArray(), grid.Cells[1]!.ToArray());
        Assert.NotEqual(plain[0].ToArray(), grid.Cells[0]!.ToArray());
        Assert.NotEqual(plain[1].ToArray(), grid.Cells[5]!.ToArray());
        var explorer = DirectionGrid.Explorer(G, 85, Pca, [0, 1, 2], [-3, 0, 3]);
        Assert.Equal(3, explorer.Rows);
        Assert.Equal(["component 0", "component 1", "component 2"], explorer.RowLabels!);
    }
}
