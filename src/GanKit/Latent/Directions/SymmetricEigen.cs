using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace GanKit.Latent.Directions;

/// <summary>
/// The top eigenpairs of a symmetric matrix (MathNet.Numerics), largest eigenvalue first, with a fixed sign:
/// each eigenvector is flipped so that its component of largest magnitude is positive (the first such component
/// on a tie). Eigenvectors are defined only up to sign; the rule makes results reproducible and comparable.
/// </summary>
public static class SymmetricEigen
{
    /// <summary>The <paramref name="count"/> largest eigenvalues and their unit eigenvectors.</summary>
    public static (double[] Values, double[][] Vectors) Top(double[,] matrix, int count)
    {
        var n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n) throw new ArgumentException("the matrix must be square", nameof(matrix));
        if (count < 1 || count > n) throw new ArgumentException($"--components must be in 1..{n} (w_dim), got {count}");
        var evd = Matrix<double>.Build.DenseOfArray(matrix).Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        var order = Enumerable.Range(0, n).OrderByDescending(i => values[i]).Take(count).ToArray();
        var vectors = order.Select(i => FixSign(evd.EigenVectors.Column(i).ToArray())).ToArray();
        return (order.Select(i => values[i]).ToArray(), vectors);
    }

    /// <summary>Flips <paramref name="v"/> (in place) so that its largest-magnitude component is positive.</summary>
    public static double[] FixSign(double[] v)
    {
        var at = 0;
        for (var i = 1; i < v.Length; i++)
            if (Math.Abs(v[i]) > Math.Abs(v[at])) at = i;
        if (v[at] < 0)
            for (var i = 0; i < v.Length; i++) v[i] = -v[i];
        return v;
    }
}
