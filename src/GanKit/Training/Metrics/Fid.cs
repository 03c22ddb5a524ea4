using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace GanKit.Training.Metrics;

/// <summary>
/// Fréchet Inception distance (Heusel et al. 2017): the Fréchet distance between Gaussians fitted to two feature
/// sets, |μ₁ − μ₂|² + tr(Σ₁ + Σ₂ − 2 (Σ₁Σ₂)^½). Lower is better; 0 for identical statistics.
/// </summary>
/// <remarks>
/// tr((Σ₁Σ₂)^½) is the sum of the square roots of the eigenvalues of Σ₁Σ₂, which are those of the symmetric
/// positive semi-definite Σ₁^½ Σ₂ Σ₁^½; GanKit takes both symmetric eigendecompositions with MathNet.Numerics and
/// clips round-off negatives to 0. This equals SciPy's <c>sqrtm(Σ₁Σ₂)</c> trace (the reference's route) wherever
/// that is well defined, and stays finite when a covariance is singular (fewer images than feature dimensions).
/// </remarks>
public static class Fid
{
    /// <summary>FID between two sets' statistics.</summary>
    public static double Compute(FeatureStatistics a, FeatureStatistics b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return Compute(a.Mean(), a.Covariance(), b.Mean(), b.Covariance());
    }

    /// <summary>FID from means and covariances.</summary>
    public static double Compute(double[] mu1, double[,] sigma1, double[] mu2, double[,] sigma2)
    {
        var n = mu1.Length;
        if (mu2.Length != n || sigma1.GetLength(0) != n || sigma1.GetLength(1) != n || sigma2.GetLength(0) != n || sigma2.GetLength(1) != n)
            throw new ArgumentException($"means and covariances disagree in size: μ {mu1.Length} and {mu2.Length}, Σ {sigma1.GetLength(0)}×{sigma1.GetLength(1)} and {sigma2.GetLength(0)}×{sigma2.GetLength(1)}");
        var meanTerm = 0.0;
        for (var i = 0; i < n; i++) meanTerm += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
        var s1 = Matrix<double>.Build.DenseOfArray(sigma1);
        var s2 = Matrix<double>.Build.DenseOfArray(sigma2);
        return meanTerm + s1.Trace() + s2.Trace() - 2 * TraceSqrtProduct(s1, s2);
    }

    /// <summary>tr((AB)^½) for symmetric positive semi-definite A and B.</summary>
    public static double TraceSqrtProduct(Matrix<double> a, Matrix<double> b)
    {
        var rootA = SymmetricSqrt(a);
        var m = rootA * b * rootA;
        m = (m + m.Transpose()) * 0.5; // exact symmetry for the symmetric solver
        return m.Evd(Symmetricity.Symmetric).EigenValues.Sum(v => Math.Sqrt(Math.Max(v.Real, 0)));
    }

    /// <summary>The symmetric square root of a symmetric positive semi-definite matrix (negative round-off eigenvalues clipped).</summary>
    public static Matrix<double> SymmetricSqrt(Matrix<double> a)
    {
        var sym = (a + a.Transpose()) * 0.5;
        var evd = sym.Evd(Symmetricity.Symmetric);
        var roots = Vector<double>.Build.Dense(evd.EigenValues.Count, i => Math.Sqrt(Math.Max(evd.EigenValues[i].Real, 0)));
        var v = evd.EigenVectors;
        return v * Matrix<double>.Build.DiagonalOfDiagonalVector(roots) * v.Transpose();
    }
}
