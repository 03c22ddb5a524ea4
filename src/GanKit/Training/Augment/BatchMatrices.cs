namespace GanKit.Training.Augment;

/// <summary>
/// Batched homogeneous matrices [N, k, k] built from per-sample values: 2-D (3×3) for the geometric transforms,
/// acting on pixel coordinates (x, y, 1) measured from the image centre, and 3-D (4×4) for the colour transforms,
/// acting on (r, g, b, 1).
/// </summary>
internal static class BatchMatrices
{
    /// <summary>N identity matrices of size <paramref name="size"/>.</summary>
    public static Tensor Identity(long n, int size) => torch.eye(size).unsqueeze(0).repeat(n, 1, 1);

    /// <summary>Scales by (sx, sy) about the origin.</summary>
    public static Tensor Scale2d(Tensor sx, Tensor sy)
    {
        var (zero, one) = (torch.zeros_like(sx), torch.ones_like(sx));
        return Rows([sx, zero, zero], [zero, sy, zero], [zero, zero, one]);
    }

    /// <summary>Translates by (tx, ty) pixels.</summary>
    public static Tensor Translate2d(Tensor tx, Tensor ty)
    {
        var (zero, one) = (torch.zeros_like(tx), torch.ones_like(tx));
        return Rows([one, zero, tx], [zero, one, ty], [zero, zero, one]);
    }

    /// <summary>Rotates by θ radians (from +x toward +y).</summary>
    public static Tensor Rotate2d(Tensor theta)
    {
        var (zero, one, cos, sin) = (torch.zeros_like(theta), torch.ones_like(theta), theta.cos(), theta.sin());
        return Rows([cos, -sin, zero], [sin, cos, zero], [zero, zero, one]);
    }

    /// <summary>Adds b to every colour channel.</summary>
    public static Tensor Translate3d(Tensor b)
    {
        var (zero, one) = (torch.zeros_like(b), torch.ones_like(b));
        return Rows([one, zero, zero, b], [zero, one, zero, b], [zero, zero, one, b], [zero, zero, zero, one]);
    }

    /// <summary>Multiplies every colour channel by c.</summary>
    public static Tensor Scale3d(Tensor c)
    {
        var (zero, one) = (torch.zeros_like(c), torch.ones_like(c));
        return Rows([c, zero, zero, zero], [zero, c, zero, zero], [zero, zero, c, zero], [zero, zero, zero, one]);
    }

    /// <summary>Rotates colours by θ radians about the unit axis <paramref name="axis"/> (Rodrigues' formula).</summary>
    public static Tensor Rotate3d(double[] axis, Tensor theta)
    {
        var (x, y, z) = (axis[0], axis[1], axis[2]);
        var (s, c) = (theta.sin(), theta.cos());
        var cc = 1 - c;
        var (zero, one) = (torch.zeros_like(theta), torch.ones_like(theta));
        return Rows(
            [x * x * cc + c, x * y * cc - z * s, x * z * cc + y * s, zero],
            [y * x * cc + z * s, y * y * cc + c, y * z * cc - x * s, zero],
            [z * x * cc - y * s, z * y * cc + x * s, z * z * cc + c, zero],
            [zero, zero, zero, one]);
    }

    /// <summary>The outer product v·vᵀ of a 3-vector, as a 4×4 matrix with zero homogeneous row and column.</summary>
    public static Tensor Outer3d(double[] v, long n)
    {
        var m = new float[16];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++) m[i * 4 + j] = (float)(v[i] * v[j]);
        return torch.tensor(m, [1, 4, 4]).repeat(n, 1, 1);
    }

    /// <summary>Stacks per-sample entries [N] into matrices [N, rows, columns].</summary>
    private static Tensor Rows(params Tensor[][] rows) => torch.stack(rows.Select(row => torch.stack(row, dim: -1)).ToArray(), dim: -2);
}
