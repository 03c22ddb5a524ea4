using GanKit.Networks.Config;
using GanKit.Networks.Layers;
using GanKit.Networks.Ops;

namespace GanKit.Networks;

/// <summary>
/// One resolution of the synthesis network (skip architecture): the 4×4 learned constant or a 2× upsampling
/// convolution, a second convolution, and tRGB whose output is added to the upsampled running image.
/// </summary>
public sealed class SynthesisBlock : NetworkModule
{
    private readonly bool _useFp16;

    /// <summary>Creates the block with fresh weights.</summary>
    public SynthesisBlock(int in_channels, int out_channels, int w_dim, int resolution, int img_channels, bool is_last,
        bool use_fp16, SynthesisConfig config)
    {
        InChannels = in_channels;
        Resolution = resolution;
        _useFp16 = use_fp16;
        resample_filter = RegisterBuffer("resample_filter", Upfirdn2d.setup_filter(config.Filter));
        if (in_channels == 0)
        {
            @const = RegisterParameter("const", torch.randn([out_channels, resolution, resolution]));
        }
        else
        {
            conv0 = RegisterModule("conv0", new SynthesisLayer(in_channels, out_channels, w_dim, resolution, up: 2,
                use_noise: config.UseNoise, resample_filter: config.Filter, conv_clamp: config.ConvClamp));
            NumConv++;
        }
        conv1 = RegisterModule("conv1", new SynthesisLayer(out_channels, out_channels, w_dim, resolution,
            use_noise: config.UseNoise, resample_filter: config.Filter, conv_clamp: config.ConvClamp));
        NumConv++;
        torgb = RegisterModule("torgb", new ToRGBLayer(out_channels, img_channels, w_dim, conv_clamp: config.ConvClamp));
        NumToRgb = 1;
        _ = is_last; // the skip architecture has tRGB at every resolution, the last included
    }

    /// <summary>Input channels (0 for the first block, which starts from the constant).</summary>
    public int InChannels { get; }

    /// <summary>Output resolution.</summary>
    public int Resolution { get; }

    /// <summary>ws consumed by convolutions.</summary>
    public int NumConv { get; }

    /// <summary>ws consumed by tRGB.</summary>
    public int NumToRgb { get; }

    /// <summary>The learned 4×4 input (first block only).</summary>
    public readonly Parameter? @const;

    /// <summary>FIR filter for upsampling the running image.</summary>
    public readonly Tensor resample_filter;

    /// <summary>The 2× upsampling convolution (not in the first block).</summary>
    public SynthesisLayer? conv0 { get; }

    /// <summary>The second convolution.</summary>
    public SynthesisLayer conv1 { get; }

    /// <summary>tRGB.</summary>
    public ToRGBLayer torgb { get; }

    /// <summary>
    /// Advances features and image one resolution. <paramref name="ws"/> is [N, num_conv + num_torgb, w_dim].
    /// </summary>
    public (Tensor X, Tensor Img) forward(Tensor? x, Tensor? img, Tensor ws, NoiseMode noise_mode = NoiseMode.Random,
        bool force_fp32 = false, bool? fused_modconv = null)
    {
        using var scope = torch.NewDisposeScope();
        var wList = ws.unbind(1);
        var wNext = 0;
        Tensor NextW() => wNext < wList.Length ? wList[wNext++] : throw new ArgumentException("synthesis block: too few ws");

        // float16 only on CUDA; the CPU path stays float32 (and bit-comparable to the reference).
        if (ws.device.type != DeviceType.CUDA) force_fp32 = true;
        var dtype = _useFp16 && !force_fp32 ? ScalarType.Float16 : ScalarType.Float32;
        // Grouped (fused) modulation is faster for inference on CUDA; training uses the per-sample scaling path, and
        // so does the CPU, where one batched convolution beats the grouped one (0.69 s against 1.29 s for four
        // 256² images with `gankit bench generate`'s network). Both compute the same function.
        var fused = fused_modconv ?? (!training && ws.device.type == DeviceType.CUDA && (dtype == ScalarType.Float32 || ws.size(0) == 1));

        if (InChannels == 0)
        {
            x = @const!.to(dtype).unsqueeze(0).repeat(ws.size(0), 1, 1, 1);
            x = conv1.forward(x, NextW(), noise_mode, fused);
        }
        else
        {
            if (x is null) throw new ArgumentException("synthesis block: features from the previous block are required");
            x = x.to(dtype);
            x = conv0!.forward(x, NextW(), noise_mode, fused);
            x = conv1.forward(x, NextW(), noise_mode, fused);
        }

        if (img is not null) img = Upfirdn2d.upsample2d(img, resample_filter);
        var y = torgb.forward(x, NextW(), fused).to(ScalarType.Float32);
        img = img is null ? y : img + y;
        x.MoveToOuterDisposeScope();
        img.MoveToOuterDisposeScope();
        return (x, img);
    }
}
