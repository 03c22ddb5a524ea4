namespace GanKit.Tests.Training.Loop;

/// <summary>
/// How much an image looks like <see cref="InMemoryDataset"/>'s: the best model "one brighter square on a flat
/// background" of its luminance, found over every square of side 4 to R/2 + 4 at every place (with prefix sums),
/// and how much of the luminance's variance that model explains (R²) and how much brighter the square is than
/// the background (in the [-1, 1] pixel range). The data's images fit exactly (R² 1, contrast 0.5–1.75 for
/// the grey ones); noise and colour fields fit poorly or with a dark square.
/// </summary>
public static class BrightSquareFit
{
    /// <summary>R² of the best square model and its contrast, per image of [N, C, R, R] in [-1, 1].</summary>
    public static (double R2, double Contrast)[] Fit(Tensor images)
    {
        var n = (int)images.shape[0];
        var r = (int)images.shape[2];
        var luminance = images.mean([1]).to(ScalarType.Float64).contiguous().data<double>().ToArray();
        var fits = new (double, double)[n];
        var stride = r + 1;
        var prefix = new double[stride * stride];
        for (var i = 0; i < n; i++)
        {
            double total = 0, squares = 0;
            for (var y = 0; y < r; y++)
            for (var x = 0; x < r; x++)
            {
                var v = luminance[(i * r + y) * r + x];
                total += v;
                squares += v * v;
                prefix[(y + 1) * stride + x + 1] = v + prefix[y * stride + x + 1] + prefix[(y + 1) * stride + x] - prefix[y * stride + x];
            }
            double area = r * r, best = double.NegativeInfinity, contrast = 0;
            for (var side = 4; side <= r / 2 + 4; side++)
            for (var y0 = 0; y0 + side <= r; y0++)
            for (var x0 = 0; x0 + side <= r; x0++)
            {
                var inside = prefix[(y0 + side) * stride + x0 + side] - prefix[y0 * stride + x0 + side]
                    - prefix[(y0 + side) * stride + x0] + prefix[y0 * stride + x0];
                double a = side * side, outside = total - inside;
                // The two-level model's explained sum of squares; the best one leaves the least residual.
                var explained = inside * inside / a + outside * outside / (area - a);
                if (explained <= best) continue;
                best = explained;
                contrast = inside / a - outside / (area - a);
            }
            var variance = squares - total * total / area;
            fits[i] = (variance > 1e-12 ? 1 - (squares - best) / variance : 0, contrast);
        }
        return fits;
    }

    /// <summary>The share of images whose best square explains at least 60% of the variance and is brighter by at least 0.5.</summary>
    public static double ShareLikeTheData(Tensor images) => Fit(images).Count(f => f.R2 >= 0.6 && f.Contrast >= 0.5) / (double)images.shape[0];
}
