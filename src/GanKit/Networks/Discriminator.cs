using GanKit.Networks.Config;

namespace GanKit.Networks;

/// <summary>
/// The StyleGAN2 residual discriminator D(img, c): blocks from the image resolution down to 4×4, then the
/// epilogue. With labels, a mapping network embeds c for projection conditioning.
/// </summary>
public sealed class Discriminator : NetworkModule
{
    private readonly DiscriminatorBlock[] _blocks;

    /// <summary>Creates a discriminator with fresh weights.</summary>
    public Discriminator(DiscriminatorConfig config)
    {
        Config = config;
        var log2 = (int)Math.Round(Math.Log2(config.ImgResolution));
        var resolutions = Enumerable.Range(3, log2 - 2).Select(i => 1 << i).Reverse().ToArray();
        int Channels(int res) => Math.Min(config.ChannelBase / res, config.ChannelMax);
        var fp16Resolution = Math.Max(1 << (log2 + 1 - config.NumFp16Res), 8);
        var cmapDim = config.CDim == 0 ? 0 : config.CmapDim ?? Channels(4);

        _blocks = new DiscriminatorBlock[resolutions.Length];
        for (var i = 0; i < resolutions.Length; i++)
        {
            var res = resolutions[i];
            var inChannels = res < config.ImgResolution ? Channels(res) : 0;
            _blocks[i] = RegisterModule($"b{res}", new DiscriminatorBlock(inChannels, Channels(res), Channels(res / 2), res,
                config.ImgChannels, config.Activation, config.Filter, config.ConvClamp, res >= fp16Resolution));
        }
        if (config.CDim > 0)
            mapping = RegisterModule("mapping", new MappingNetwork(0, config.CDim, cmapDim, null,
                (config.Mapping ?? new MappingConfig()) with { WAvgBeta = null }));
        b4 = RegisterModule("b4", new DiscriminatorEpilogue(Channels(4), cmapDim, 4, config.MbstdGroupSize, config.MbstdNumChannels,
            config.Activation, config.Filter, config.ConvClamp));
    }

    /// <summary>The constructor arguments.</summary>
    public DiscriminatorConfig Config { get; }

    /// <summary>The blocks, highest resolution first.</summary>
    public IReadOnlyList<DiscriminatorBlock> blocks => _blocks;

    /// <summary>Label embedding network (conditional only).</summary>
    public MappingNetwork? mapping { get; }

    /// <summary>The 4×4 epilogue.</summary>
    public DiscriminatorEpilogue b4 { get; }

    /// <summary>Realness logits [N, 1] for images [N, C, R, R] in [-1, 1] and labels c (null if unconditional).</summary>
    public Tensor forward(Tensor img, Tensor? c = null, bool force_fp32 = false)
    {
        var s = img.shape;
        if (s.Length != 4 || s[1] != Config.ImgChannels || s[2] != Config.ImgResolution || s[3] != Config.ImgResolution)
            throw new ArgumentException($"discriminator: images must have shape [N, {Config.ImgChannels}, {Config.ImgResolution}, {Config.ImgResolution}], got [{string.Join(", ", s)}]", nameof(img));
        using var scope = torch.NewDisposeScope();
        Tensor? x = null;
        foreach (var block in _blocks) x = block.forward(x, img, force_fp32);
        Tensor? cmap = null;
        if (Config.CDim > 0)
        {
            if (c is null) throw new ArgumentException($"discriminator: this network is conditional; labels c [N, {Config.CDim}] are required", nameof(c));
            cmap = mapping!.forward(null, c);
        }
        return b4.forward(x!, cmap).MoveToOuterDisposeScope();
    }
}
