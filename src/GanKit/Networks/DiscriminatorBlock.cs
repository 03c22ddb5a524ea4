using GanKit.Networks.Layers;
using GanKit.Networks.Ops;

namespace GanKit.Networks;

/// <summary>
/// One resolution of the residual discriminator: FromRGB at the top resolution, two 3×3 convolutions (the second
/// downsampling 2×) and a 1×1 downsampling skip, averaged with gain √½ to keep the variance.
/// </summary>
public sealed class DiscriminatorBlock : NetworkModule
{
    private readonly bool _useFp16;

    /// <summary>Creates the block with fresh weights.</summary>
    public DiscriminatorBlock(int in_channels, int tmp_channels, int out_channels, int resolution, int img_channels,
        Activation activation, double[] resample_filter, double? conv_clamp, bool use_fp16)
    {
        InChannels = in_channels;
        Resolution = resolution;
        _useFp16 = use_fp16;
        this.resample_filter = RegisterBuffer("resample_filter", Upfirdn2d.setup_filter(resample_filter));
        if (in_channels == 0)
            fromrgb = RegisterModule("fromrgb", new Conv2dLayer(img_channels, tmp_channels, 1, activation: activation,
                resample_filter: resample_filter, conv_clamp: conv_clamp));
        conv0 = RegisterModule("conv0", new Conv2dLayer(tmp_channels, tmp_channels, 3, activation: activation,
            resample_filter: resample_filter, conv_clamp: conv_clamp));
        conv1 = RegisterModule("conv1", new Conv2dLayer(tmp_channels, out_channels, 3, activation: activation, down: 2,
            resample_filter: resample_filter, conv_clamp: conv_clamp));
        skip = RegisterModule("skip", new Conv2dLayer(tmp_channels, out_channels, 1, bias: false, down: 2,
            resample_filter: resample_filter));
    }

    /// <summary>Input channels (0 for the first block, which reads the image).</summary>
    public int InChannels { get; }

    /// <summary>Input resolution.</summary>
    public int Resolution { get; }

    /// <summary>FIR filter.</summary>
    public readonly Tensor resample_filter;

    /// <summary>FromRGB (first block only).</summary>
    public Conv2dLayer? fromrgb { get; }

    /// <summary>First convolution.</summary>
    public Conv2dLayer conv0 { get; }

    /// <summary>Second convolution, downsampling 2×.</summary>
    public Conv2dLayer conv1 { get; }

    /// <summary>Residual 1×1 downsampling skip.</summary>
    public Conv2dLayer skip { get; }

    /// <summary>Halves the resolution of the features (reading <paramref name="img"/> in the first block).</summary>
    public Tensor forward(Tensor? x, Tensor img, bool force_fp32 = false)
    {
        using var scope = torch.NewDisposeScope();
        if (img.device.type != DeviceType.CUDA) force_fp32 = true;
        var dtype = _useFp16 && !force_fp32 ? ScalarType.Float16 : ScalarType.Float32;
        if (InChannels == 0)
        {
            var y0 = fromrgb!.forward(img.to(dtype));
            x = x is null ? y0 : x.to(dtype) + y0;
        }
        else
        {
            x = x!.to(dtype);
        }
        var gain = Math.Sqrt(0.5);
        var y = skip.forward(x, gain);
        x = conv0.forward(x);
        x = conv1.forward(x, gain);
        return (y + x).MoveToOuterDisposeScope();
    }
}
