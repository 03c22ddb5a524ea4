using System.Globalization;
using System.Text.Json;
using GanKit.Networks;
using MathNet.Numerics.LinearAlgebra;

namespace GanKit.Latent.Directions;

/// <summary>
/// InterFaceGAN-style attribute directions: fit a linear boundary in W to labelled ws with MathNet.Numerics
/// (logistic regression by Newton's method for 0/1 labels, least squares for continuous ones) and take its unit
/// normal. Features are standardised for the fit and the normal mapped back to W. A random part of the samples
/// (fixed by a seed) is held out to report accuracy or R² honestly.
/// </summary>
public static class SupervisedDirections
{
    /// <summary>The method name stored in directions files.</summary>
    public const string Method = "supervised";

    /// <summary>Logistic regression of 0/1 <paramref name="labels"/> on ws [N, w_dim].</summary>
    /// <param name="l2">Ridge penalty on the standardised weights (keeps separable data finite).</param>
    public static SupervisedDirection Logistic(Tensor ws, IReadOnlyList<bool> labels, double heldOutFraction = 0.2, double l2 = 1e-3, int splitSeed = 0)
    {
        var y = labels.Select(l => l ? 1.0 : 0.0).ToArray();
        return Fit(ws, y, binary: true, heldOutFraction, l2, splitSeed);
    }

    /// <summary>Least squares (ridge <paramref name="ridge"/>) of continuous <paramref name="values"/> on ws [N, w_dim].</summary>
    public static SupervisedDirection LeastSquares(Tensor ws, IReadOnlyList<double> values, double heldOutFraction = 0.2, double ridge = 1e-6, int splitSeed = 0) =>
        Fit(ws, values.ToArray(), binary: false, heldOutFraction, ridge, splitSeed);

    /// <summary>
    /// Fits labels given per seed (ψ = 1 ws by the seed contract): logistic when every label is 0 or 1, least squares
    /// otherwise.
    /// </summary>
    public static SupervisedDirection FromSeeds(Generator G, IReadOnlyDictionary<uint, double> labels, double heldOutFraction = 0.2, int? classIndex = null)
    {
        if (labels.Count < 4) throw new ArgumentException($"--labels: need at least 4 labelled seeds, got {labels.Count}");
        var seeds = labels.Keys.Order().ToArray();
        using var scope = torch.NewDisposeScope();
        var ws = G.SeedsToWs(seeds, classIndex: classIndex).select(1, 0);
        var values = seeds.Select(s => labels[s]).ToArray();
        return values.All(v => v is 0 or 1)
            ? Logistic(ws, values.Select(v => v == 1).ToArray(), heldOutFraction)
            : LeastSquares(ws, values, heldOutFraction);
    }

    /// <summary>
    /// Conditional editing: <paramref name="direction"/> with its components along <paramref name="others"/> removed
    /// (Gram–Schmidt), renormalised, so that moving along it leaves the other attributes' scores unchanged.
    /// </summary>
    public static double[] ProjectOut(IReadOnlyList<double> direction, params IReadOnlyList<double>[] others)
    {
        var d = Vector<double>.Build.DenseOfEnumerable(direction);
        var basis = new List<Vector<double>>();
        foreach (var o in others)
        {
            if (o.Count != d.Count) throw new ArgumentException($"directions must have the same w_dim ({d.Count}), got {o.Count}", nameof(others));
            var u = Vector<double>.Build.DenseOfEnumerable(o);
            foreach (var b in basis) u -= u.DotProduct(b) * b;
            var norm = u.L2Norm();
            if (norm > 1e-12) basis.Add(u / norm);
        }
        foreach (var b in basis) d -= d.DotProduct(b) * b;
        var length = d.L2Norm();
        if (!(length > 1e-12)) throw new ArgumentException("the direction lies in the span of the directions projected out: nothing is left");
        return (d / length).ToArray();
    }

    /// <summary>Reads seed → label from a CSV (<c>seed,label</c> per line, an optional header) or a JSON object (<c>{"85": 1}</c>).</summary>
    public static Dictionary<uint, double> ReadLabels(string path)
    {
        var text = File.ReadAllText(path);
        var labels = new Dictionary<uint, double>();
        if (text.TrimStart().StartsWith('{'))
        {
            using var doc = JsonDocument.Parse(text);
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                if (!uint.TryParse(p.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var seed))
                    throw new FormatException($"{path}: key '{p.Name}' is not a seed (0..4294967295)");
                labels[seed] = p.Value.ValueKind switch
                {
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    JsonValueKind.Number => p.Value.GetDouble(),
                    _ => throw new FormatException($"{path}: the label of seed {seed} is not a number or boolean"),
                };
            }
            return labels;
        }
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',', StringSplitOptions.TrimEntries);
            var isSeed = uint.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seed);
            if (i == 0 && !isSeed) continue;  // a header
            if (!isSeed || cells.Length < 2 || !double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var label) || !double.IsFinite(label))
                throw new FormatException($"{path}: line {i + 1} '{lines[i]}' is not 'seed,label'");
            labels[seed] = label;
        }
        return labels;
    }

    private static SupervisedDirection Fit(Tensor ws, double[] y, bool binary, double heldOutFraction, double penalty, int splitSeed)
    {
        if (ws.dim() != 2) throw new ArgumentException($"ws must have shape [N, w_dim], got [{string.Join(", ", ws.shape)}]", nameof(ws));
        var n = (int)ws.size(0);
        var wDim = (int)ws.size(1);
        if (y.Length != n) throw new ArgumentException($"{y.Length} labels for {n} ws", nameof(y));
        if (heldOutFraction is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(heldOutFraction), heldOutFraction, "must be in [0, 1)");
        float[] flat;
        using (var scope = torch.NewDisposeScope()) flat = ws.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();

        // A reproducible random split.
        var order = Enumerable.Range(0, n).ToArray();
        new Random(splitSeed).Shuffle(order);
        var heldOut = (int)Math.Round(n * heldOutFraction);
        var train = order[heldOut..];
        var test = order[..heldOut];
        if (train.Length <= 1) throw new ArgumentException($"too few samples to fit: {train.Length} after holding out {heldOut}");
        if (binary && (train.All(i => y[i] == 1) || train.All(i => y[i] == 0)))
            throw new ArgumentException("the labels are all the same class: a boundary needs examples of both");

        // Standardise with the training part's statistics; a column of ones carries the bias.
        var mu = new double[wDim];
        var sigma = new double[wDim];
        for (var j = 0; j < wDim; j++)
        {
            double s = 0, s2 = 0;
            foreach (var i in train) { double v = flat[i * wDim + j]; s += v; s2 += v * v; }
            mu[j] = s / train.Length;
            sigma[j] = Math.Sqrt(Math.Max(s2 / train.Length - mu[j] * mu[j], 0));
            if (sigma[j] < 1e-12) sigma[j] = 1;
        }
        Matrix<double> Design(int[] rows) => Matrix<double>.Build.Dense(rows.Length, wDim + 1,
            (r, c) => c == wDim ? 1 : (flat[rows[r] * wDim + c] - mu[c]) / sigma[c]);
        var x = Design(train);
        var yTrain = Vector<double>.Build.Dense(train.Length, r => y[train[r]]);
        var penaltyDiag = Matrix<double>.Build.DiagonalOfDiagonalArray(Enumerable.Range(0, wDim + 1).Select(c => c == wDim ? 0 : penalty * train.Length).ToArray());

        var beta = binary ? Newton(x, yTrain, penaltyDiag) : (x.TransposeThisAndMultiply(x) + penaltyDiag).Solve(x.TransposeThisAndMultiply(yTrain));

        // Back to W: score = Σ β_j (w_j − μ_j)/σ_j + b.
        var normal = Enumerable.Range(0, wDim).Select(j => beta[j] / sigma[j]).ToArray();
        var scale = Math.Sqrt(normal.Sum(v => v * v));
        if (!(scale > 0)) throw new ArgumentException("the labels do not depend on w: the fitted boundary is flat");
        var bias = beta[wDim] - Enumerable.Range(0, wDim).Sum(j => beta[j] * mu[j] / sigma[j]);

        double Score(int[] rows)
        {
            if (rows.Length == 0) return double.NaN;
            var pred = (Design(rows) * beta).ToArray();
            if (binary) return rows.Select((i, r) => (pred[r] > 0) == (y[i] == 1) ? 1.0 : 0.0).Average();
            var mean = rows.Average(i => y[i]);
            var ssRes = rows.Select((i, r) => (y[i] - pred[r]) * (y[i] - pred[r])).Sum();
            var ssTot = rows.Sum(i => (y[i] - mean) * (y[i] - mean));
            return ssTot > 0 ? 1 - ssRes / ssTot : double.NaN;
        }
        return new SupervisedDirection(normal.Select(v => v / scale).ToArray(), bias, binary, Score(train), Score(test), train.Length, test.Length);
    }

    // Newton's method (IRLS) on the penalised log-likelihood; the Hessian is at most (w_dim+1)², cheap to solve.
    private static Vector<double> Newton(Matrix<double> x, Vector<double> y, Matrix<double> penalty)
    {
        var beta = Vector<double>.Build.Dense(x.ColumnCount);
        for (var iteration = 0; iteration < 50; iteration++)
        {
            var p = (x * beta).Map(t => 1 / (1 + Math.Exp(-t)));
            var gradient = x.TransposeThisAndMultiply(p - y) + penalty * beta;
            var weights = p.Map(v => Math.Max(v * (1 - v), 1e-10));
            var hessian = x.TransposeThisAndMultiply(x.PointwiseMultiply(Matrix<double>.Build.Dense(x.RowCount, x.ColumnCount, (r, _) => weights[r]))) + penalty;
            var step = hessian.Solve(gradient);
            beta -= step;
            if (step.L2Norm() < 1e-10 * (1 + beta.L2Norm())) break;
        }
        return beta;
    }
}
