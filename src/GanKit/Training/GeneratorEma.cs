namespace GanKit.Training;

/// <summary>
/// The exponential moving average of the generator's weights (G_ema; Karras et al. 2018), which gives the
/// images shown and evaluated. Its half-life is <see cref="EmaKimg"/> thousand images, shortened early in the
/// run by the ramp-up to <see cref="RampUp"/> × the images seen so far: β = 0.5^(batch / half-life). Buffers
/// (<c>w_avg</c>, noise images, filters) are copied.
/// </summary>
/// <param name="EmaKimg">Half-life of the average, in thousands of images.</param>
/// <param name="RampUp">Caps the half-life at this fraction of the images seen so far; null for no ramp-up.</param>
public sealed record GeneratorEma(double EmaKimg = 10, double? RampUp = 0.05)
{
    /// <summary>The half-life in images after <paramref name="curNimg"/> images seen.</summary>
    public double HalfLifeImages(long curNimg)
    {
        var nimg = EmaKimg * 1000;
        if (RampUp is { } ramp) nimg = Math.Min(nimg, curNimg * ramp);
        return nimg;
    }

    /// <summary>β for one step of <paramref name="batchSize"/> images after <paramref name="curNimg"/> images seen.</summary>
    public double Beta(long batchSize, long curNimg) => Math.Pow(0.5, batchSize / Math.Max(HalfLifeImages(curNimg), 1e-8));

    /// <summary>
    /// Moves <paramref name="ema"/> toward <paramref name="source"/>: each parameter becomes lerp(source, ema, β)
    /// and each buffer a copy of the source's. The modules must have the same parameter and buffer names.
    /// </summary>
    public static void Update(torch.nn.Module ema, torch.nn.Module source, double beta)
    {
        if (beta is < 0 or > 1 || double.IsNaN(beta)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "G_ema: β must be in [0, 1]");
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var sourceParameters = source.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, p) in ema.named_parameters())
        {
            var s = sourceParameters.TryGetValue(name, out var found) ? found
                : throw new ArgumentException($"G_ema: the source has no parameter '{name}'", nameof(source));
            using var w = torch.tensor(beta, p.dtype, p.device);
            p.copy_(torch.lerp(s.to(p.dtype, p.device), p, w));
        }
        var sourceBuffers = source.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, b) in ema.named_buffers())
        {
            var s = sourceBuffers.TryGetValue(name, out var found) ? found
                : throw new ArgumentException($"G_ema: the source has no buffer '{name}'", nameof(source));
            b.copy_(s);
        }
    }

    /// <summary>One update after a step of <paramref name="batchSize"/> images with <paramref name="curNimg"/> seen before it; returns β.</summary>
    public double Update(torch.nn.Module ema, torch.nn.Module source, long batchSize, long curNimg)
    {
        var beta = Beta(batchSize, curNimg);
        Update(ema, source, beta);
        return beta;
    }
}
