namespace GanKit.Latent.Directions;

/// <summary>A linear boundary (or regression) in W fitted to labels: its unit normal and how well it predicts.</summary>
/// <param name="Direction">Unit normal in W, [w_dim], pointing towards label 1 (or larger values).</param>
/// <param name="Bias">Offset b of the fitted score n·w·scale + b, in the fit's units.</param>
/// <param name="Binary">True for logistic regression on 0/1 labels, false for least squares on continuous ones.</param>
/// <param name="TrainScore">Accuracy (binary) or R² (continuous) on the training part.</param>
/// <param name="HeldOutScore">The same on the held-out part, which the fit never saw (NaN when nothing was held out).</param>
/// <param name="TrainCount">Samples fitted.</param>
/// <param name="HeldOutCount">Samples held out.</param>
public sealed record SupervisedDirection(double[] Direction, double Bias, bool Binary, double TrainScore, double HeldOutScore,
    int TrainCount, int HeldOutCount)
{
    /// <summary>"accuracy" or "R²", the name of the scores.</summary>
    public string ScoreName => Binary ? "accuracy" : "R²";

    /// <summary>
    /// The direction as a one-direction <see cref="DirectionSet"/> (method <c>supervised</c>), with the mean and
    /// projection stdev of <paramref name="stats"/>, ready to save and edit with.
    /// </summary>
    public DirectionSet ToDirectionSet(WStatistics stats, string? networkHash = null)
    {
        var stdev = stats.ProjectionStdev(Direction);
        return new DirectionSet([Direction], [stdev * stdev], stats.Mean, [stdev], SupervisedDirections.Method,
            stats.TotalVariance, stats.Samples, networkHash);
    }
}
