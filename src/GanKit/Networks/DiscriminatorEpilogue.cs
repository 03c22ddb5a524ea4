using GanKit.Networks.Layers;
using GanKit.Networks.Ops;

namespace GanKit.Networks;

/// <summary>
/// The 4×4 end of the discriminator: minibatch standard deviation, a 3×3 convolution, a fully connected layer and
/// the output (a logit; with labels, its projection onto the label's embedding, Miyato and Koyama 2018).
/// </summary>
public sealed class DiscriminatorEpilogue : NetworkModule
{
    private readonly int _cmapDim;

    /// <summary>Creates the epilogue with fresh weights.</summary>
    public DiscriminatorEpilogue(int in_channels, int cmap_dim, int resolution, int? mbstd_group_size, int mbstd_num_channels,
        Activation activation, double[] resample_filter, double? conv_clamp)
    {
        _cmapDim = cmap_dim;
        mbstd = mbstd_num_channels > 0 ? new MinibatchStdLayer(mbstd_group_size, mbstd_num_channels) : null;
        conv = RegisterModule("conv", new Conv2dLayer(in_channels + mbstd_num_channels, in_channels, 3, activation: activation,
            resample_filter: resample_filter, conv_clamp: conv_clamp));
        fc = RegisterModule("fc", new FullyConnectedLayer(in_channels * resolution * resolution, in_channels, activation: activation));
        @out = RegisterModule("out", new FullyConnectedLayer(in_channels, cmap_dim == 0 ? 1 : cmap_dim));
    }

    /// <summary>Minibatch standard deviation, or null when disabled.</summary>
    public MinibatchStdLayer? mbstd { get; }

    /// <summary>3×3 convolution.</summary>
    public Conv2dLayer conv { get; }

    /// <summary>Fully connected layer over the flattened 4×4 features.</summary>
    public FullyConnectedLayer fc { get; }

    /// <summary>Output layer.</summary>
    public FullyConnectedLayer @out { get; }

    /// <summary>Logits [N, 1] from 4×4 features (and the label embedding <paramref name="cmap"/> when conditional).</summary>
    public Tensor forward(Tensor x, Tensor? cmap)
    {
        using var scope = torch.NewDisposeScope();
        x = x.to(ScalarType.Float32);
        if (mbstd is not null) x = mbstd.forward(x);
        x = conv.forward(x);
        x = fc.forward(x.flatten(1));
        x = @out.forward(x);
        if (_cmapDim > 0) x = (x * cmap!).sum(1, keepdim: true) * (1 / Math.Sqrt(_cmapDim));
        return x.MoveToOuterDisposeScope();
    }
}
