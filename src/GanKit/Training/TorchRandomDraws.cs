namespace GanKit.Training;

/// <summary>
/// The random draws of training from torch's generator: the global one (seeded by <c>torch.manual_seed</c>) or a
/// given <see cref="torch.Generator"/> on the draws' device.
/// </summary>
public sealed class TorchRandomDraws : IRandomDraws
{
    private readonly torch.Generator? _generator;

    /// <summary>Draws from <paramref name="generator"/>, or from torch's default generator when null.</summary>
    public TorchRandomDraws(torch.Generator? generator = null) => _generator = generator;

    /// <inheritdoc/>
    public Tensor Latents(long batch, int z_dim, Device device) =>
        torch.randn([batch, z_dim], ScalarType.Float32, device, generator: _generator);

    /// <inheritdoc/>
    public Tensor PathLengthNoise(Tensor images) =>
        torch.randn(images.shape, images.dtype, images.device, generator: _generator);

    /// <inheritdoc/>
    public int StyleMixingCutoff(int num_ws, double probability)
    {
        if (num_ws < 2) return num_ws;
        // Both numbers are drawn every time, so the stream does not depend on the outcome.
        using var index = torch.randint(1, num_ws, [], ScalarType.Int64, generator: _generator);
        using var u = torch.rand([], ScalarType.Float32, generator: _generator);
        return u.ToSingle() < probability ? (int)index.ToInt64() : num_ws;
    }

    /// <inheritdoc/>
    public Tensor MixingLatents(Tensor z) => torch.randn(z.shape, z.dtype, z.device, generator: _generator);
}
