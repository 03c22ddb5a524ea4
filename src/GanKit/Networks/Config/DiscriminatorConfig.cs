using System.Text.Json.Nodes;
using GanKit.Networks.Ops;

namespace GanKit.Networks.Config;

/// <summary>
/// A StyleGAN2 discriminator's constructor keyword arguments with the reference names (<c>D</c> in network files).
/// </summary>
/// <param name="CDim">Conditioning label dimension (0 = unconditional).</param>
/// <param name="ImgResolution">Input resolution.</param>
/// <param name="ImgChannels">Input channels.</param>
/// <param name="ChannelBase">Channels at resolution r are min(channel_base / r, channel_max).</param>
/// <param name="ChannelMax">Upper bound of channels.</param>
/// <param name="NumFp16Res">Highest resolutions computed in float16 on CUDA.</param>
/// <param name="ConvClamp">Clamp for convolution outputs, or null.</param>
/// <param name="CmapDim">Dimension of the projection-conditioning map; defaults to the 4×4 channels.</param>
/// <param name="Activation">Activation of the blocks.</param>
/// <param name="FreezeLayers">Layers (from the input side) frozen for transfer learning (FreezeD).</param>
/// <param name="Mapping">Arguments of the label-mapping network (when c_dim &gt; 0).</param>
/// <param name="MbstdGroupSize">Minibatch-standard-deviation group size (null = whole batch).</param>
/// <param name="MbstdNumChannels">Minibatch-standard-deviation feature channels (0 disables it).</param>
/// <param name="ResampleFilter">1-D taps of the FIR downsampling filter.</param>
public sealed record DiscriminatorConfig(int CDim, int ImgResolution, int ImgChannels, int ChannelBase = 32768, int ChannelMax = 512,
    int NumFp16Res = 0, double? ConvClamp = null, int? CmapDim = null, Activation Activation = Activation.LRelu,
    int FreezeLayers = 0, MappingConfig? Mapping = null, int? MbstdGroupSize = 4, int MbstdNumChannels = 1, double[]? ResampleFilter = null)
{
    /// <summary>The FIR taps in use.</summary>
    public double[] Filter => ResampleFilter ?? [1, 3, 3, 1];

    /// <summary>The label-mapping arguments in use (the defaults when not configured).</summary>
    public MappingConfig MappingOrDefault => Mapping ?? new MappingConfig();

    /// <summary>
    /// Value equality, comparing the filter by its taps and an unset label mapping as its defaults, so a
    /// configuration read back from JSON equals the one written.
    /// </summary>
    public bool Equals(DiscriminatorConfig? other) =>
        other is not null && CDim == other.CDim && ImgResolution == other.ImgResolution && ImgChannels == other.ImgChannels
        && ChannelBase == other.ChannelBase && ChannelMax == other.ChannelMax && NumFp16Res == other.NumFp16Res
        && ConvClamp == other.ConvClamp && CmapDim == other.CmapDim && Activation == other.Activation
        && FreezeLayers == other.FreezeLayers && MappingOrDefault == other.MappingOrDefault && MbstdGroupSize == other.MbstdGroupSize
        && MbstdNumChannels == other.MbstdNumChannels && Filter.SequenceEqual(other.Filter);

    /// <summary>A hash consistent with <see cref="Equals(DiscriminatorConfig?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(CDim); hash.Add(ImgResolution); hash.Add(ImgChannels); hash.Add(ChannelBase); hash.Add(ChannelMax);
        hash.Add(NumFp16Res); hash.Add(ConvClamp); hash.Add(CmapDim); hash.Add(Activation); hash.Add(FreezeLayers);
        hash.Add(MappingOrDefault); hash.Add(MbstdGroupSize); hash.Add(MbstdNumChannels); hash.Add(SynthesisConfig.FilterHash(Filter));
        return hash.ToHashCode();
    }

    /// <summary>Reads the reference keyword arguments (e.g. a fixture's <c>config.json</c> "discriminator").</summary>
    public static DiscriminatorConfig FromJson(JsonObject json, string path = "D")
    {
        var r = new KwargsReader(json, path);
        var architecture = r.String("architecture", "resnet");
        if (architecture != "resnet")
            throw new ArgumentException($"network configuration: discriminator architecture '{architecture}' is not supported (only 'resnet', as in StyleGAN2-ADA)");
        var block = r.Child("block_kwargs");
        var activation = ActivationInfo.Parse(block.String("activation", "lrelu"));
        var freeze = block.Int("freeze_layers", 0);
        var filter = block.Doubles("resample_filter", [1, 3, 3, 1]);
        block.Ignore("fp16_channels_last");
        block.RejectUnknown();
        var epilogue = r.Child("epilogue_kwargs");
        var groupSize = epilogue.OptionalInt("mbstd_group_size", fallbackIfMissing: 4);
        var numChannels = epilogue.Int("mbstd_num_channels", 1);
        epilogue.RejectUnknown();
        var config = new DiscriminatorConfig(
            r.Int("c_dim", 0), r.Int("img_resolution"), r.Int("img_channels", 3), r.Int("channel_base", 32768),
            r.Int("channel_max", 512), r.Int("num_fp16_res", 0), r.OptionalDouble("conv_clamp"), r.OptionalInt("cmap_dim"),
            activation, freeze, MappingConfig.Read(r.Child("mapping_kwargs")), groupSize, numChannels, filter);
        r.RejectUnknown();
        NetworkChecks.Resolution(config.ImgResolution, $"{path}.img_resolution");
        NetworkChecks.Positive(config.ImgChannels, $"{path}.img_channels");
        return config;
    }

    /// <summary>The keyword arguments as JSON with reference names.</summary>
    public JsonObject ToJson()
    {
        var block = new JsonObject();
        if (Activation != Activation.LRelu) block["activation"] = Activation.Name();
        if (FreezeLayers != 0) block["freeze_layers"] = FreezeLayers;
        if (!Filter.SequenceEqual([1.0, 3, 3, 1])) block["resample_filter"] = new JsonArray(Filter.Select(v => (JsonNode)v).ToArray());
        return new JsonObject
        {
            ["c_dim"] = CDim,
            ["img_resolution"] = ImgResolution,
            ["img_channels"] = ImgChannels,
            ["architecture"] = "resnet",
            ["channel_base"] = ChannelBase,
            ["channel_max"] = ChannelMax,
            ["num_fp16_res"] = NumFp16Res,
            ["conv_clamp"] = ConvClamp,
            ["cmap_dim"] = CmapDim,
            ["block_kwargs"] = block,
            ["mapping_kwargs"] = MappingOrDefault.ToJson(),
            ["epilogue_kwargs"] = new JsonObject { ["mbstd_group_size"] = MbstdGroupSize, ["mbstd_num_channels"] = MbstdNumChannels },
        };
    }
}
