using GanKit.Imaging;
using GanKit.Training.Augment;

namespace GanKit.Visuals;

/// <summary>
/// What D would see: one image under each augmentation pipeline at a few probabilities, as a captioned grid (rows
/// pipelines, columns p, several draws per p). A notebook displays it; the draws are seeded, so a figure is reproducible.
/// </summary>
public static class AugmentPreview
{
    /// <summary>The probabilities shown by default.</summary>
    public static readonly double[] DefaultProbabilities = [0.2, 0.5, 0.8];

    /// <summary>
    /// The grid for <paramref name="image"/>: one row per pipeline of <paramref name="pipes"/> (every named one when
    /// null), the original first, then <paramref name="draws"/> augmented copies at each p of <paramref name="probabilities"/>.
    /// </summary>
    public static ImageGrid Grid(RgbImage image, IEnumerable<string>? pipes = null, IReadOnlyList<double>? probabilities = null, int draws = 2, ulong seed = 0)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != image.Height) throw new ArgumentException($"augmentation preview: the image must be square, got {image.Width}×{image.Height}", nameof(image));
        if (draws < 1) throw new ArgumentOutOfRangeException(nameof(draws), draws, "augmentation preview: at least one draw per p");
        var names = (pipes ?? AugmentPipes.Names).ToList();
        var ps = probabilities ?? DefaultProbabilities;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var input = TensorImageConversion.FromImage(image);
        var rows = new List<List<RgbImage>>();
        foreach (var name in names)
        {
            var row = new List<RgbImage> { image };
            using var generator = new torch.Generator(seed);
            foreach (var p in ps)
            {
                var pipe = AugmentPipeline.Named(name, p, generator);
                var augmented = pipe.Augment(input.expand(draws, -1, -1, -1).contiguous());
                row.AddRange(TensorImageConversion.ToImages(augmented));
            }
            rows.Add(row);
        }
        var grid = ImageGrid.FromRows(rows);
        grid.RowLabels = names;
        grid.ColumnLabels = ["original", .. ps.SelectMany(p => Enumerable.Range(0, draws).Select(i => i == 0 ? $"p = {p:0.##}" : ""))];
        return grid.WithTitle("What D sees: each row one pipeline, each column a draw at probability p");
    }
}
