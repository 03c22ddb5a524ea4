using GanKit.Networks.Config;
using GanKit.Networks.Layers;

namespace GanKit.Networks;

/// <summary>
/// g: W → image. Blocks from 4×4 up to the output resolution, each fed its own slice of ws; channels halve as
/// resolution doubles (min(channel_base / r, channel_max)).
/// </summary>
public sealed class SynthesisNetwork : NetworkModule
{
    private readonly SynthesisBlock[] _blocks;

    /// <summary>Creates the network with fresh weights.</summary>
    public SynthesisNetwork(int w_dim, int img_resolution, int img_channels, SynthesisConfig config)
    {
        WDim = w_dim;
        ImgResolution = img_resolution;
        var log2 = (int)Math.Round(Math.Log2(img_resolution));
        BlockResolutions = Enumerable.Range(2, log2 - 1).Select(i => 1 << i).ToArray();
        int Channels(int res) => Math.Min(config.ChannelBase / res, config.ChannelMax);
        var fp16Resolution = Math.Max(1 << (log2 + 1 - config.NumFp16Res), 8);

        _blocks = new SynthesisBlock[BlockResolutions.Length];
        for (var i = 0; i < BlockResolutions.Length; i++)
        {
            var res = BlockResolutions[i];
            var inChannels = res > 4 ? Channels(res / 2) : 0;
            var isLast = res == img_resolution;
            var block = new SynthesisBlock(inChannels, Channels(res), w_dim, res, img_channels, isLast, res >= fp16Resolution, config);
            _blocks[i] = RegisterModule($"b{res}", block);
            NumWs += block.NumConv;
            if (isLast) NumWs += block.NumToRgb;
        }
    }

    /// <summary>w dimension.</summary>
    public int WDim { get; }

    /// <summary>Output resolution.</summary>
    public int ImgResolution { get; }

    /// <summary>4, 8, ..., img_resolution.</summary>
    public int[] BlockResolutions { get; }

    /// <summary>Number of ws the network consumes: one per convolution plus the last tRGB.</summary>
    public int NumWs { get; }

    /// <summary>The blocks, lowest resolution first.</summary>
    public IReadOnlyList<SynthesisBlock> blocks => _blocks;

    /// <summary>Synthesises images [N, img_channels, R, R] in about [-1, 1] from ws [N, num_ws, w_dim].</summary>
    public Tensor forward(Tensor ws, NoiseMode noise_mode = NoiseMode.Random, bool force_fp32 = false, bool? fused_modconv = null) =>
        forward_blocks(ws, noise_mode, force_fp32, fused_modconv, (_, _, _) => { });

    /// <summary>
    /// Synthesises and reports each block's output features and running image, e.g. to show how an image
    /// forms from coarse to fine.
    /// </summary>
    public Tensor forward_blocks(Tensor ws, NoiseMode noise_mode, bool force_fp32, bool? fused_modconv, Action<int, Tensor, Tensor> onBlock)
    {
        var s = ws.shape;
        if (s.Length != 3 || s[1] != NumWs || s[2] != WDim)
            throw new ArgumentException($"synthesis: ws must have shape [N, {NumWs}, {WDim}], got [{string.Join(", ", s)}]", nameof(ws));
        using var scope = torch.NewDisposeScope();
        Tensor? x = null, img = null;
        var wIdx = 0;
        foreach (var block in _blocks)
        {
            var blockWs = ws.narrow(1, wIdx, block.NumConv + block.NumToRgb);
            (x, img) = block.forward(x, img, blockWs, noise_mode, force_fp32, fused_modconv);
            onBlock(block.Resolution, x, img);
            wIdx += block.NumConv;
        }
        return img!.MoveToOuterDisposeScope();
    }
}
