using System.Text.Json.Nodes;

namespace GanKit.Networks.Config;

/// <summary>The synthesis network's keyword arguments (reference <c>synthesis_kwargs</c>).</summary>
/// <param name="ChannelBase">Channels at resolution r are min(channel_base / r, channel_max).</param>
/// <param name="ChannelMax">Upper bound of channels per layer.</param>
/// <param name="NumFp16Res">How many of the highest resolutions run in float16 (on CUDA only).</param>
/// <param name="ConvClamp">Clamp for convolution outputs (needed for float16), or null.</param>
/// <param name="ResampleFilter">1-D taps of the FIR resampling filter.</param>
/// <param name="UseNoise">Whether layers add per-pixel noise.</param>
public sealed record SynthesisConfig(int ChannelBase = 32768, int ChannelMax = 512, int NumFp16Res = 0, double? ConvClamp = null,
    double[]? ResampleFilter = null, bool UseNoise = true)
{
    /// <summary>The FIR taps in use ([1, 3, 3, 1] unless configured).</summary>
    public double[] Filter => ResampleFilter ?? [1, 3, 3, 1];

    /// <summary>
    /// Value equality, with the filter compared by its taps (an explicit [1, 3, 3, 1] equals the default), so a
    /// configuration read back from JSON equals the one written.
    /// </summary>
    public bool Equals(SynthesisConfig? other) =>
        other is not null && ChannelBase == other.ChannelBase && ChannelMax == other.ChannelMax && NumFp16Res == other.NumFp16Res
        && ConvClamp == other.ConvClamp && UseNoise == other.UseNoise && Filter.SequenceEqual(other.Filter);

    /// <summary>A hash consistent with <see cref="Equals(SynthesisConfig?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(ChannelBase, ChannelMax, NumFp16Res, ConvClamp, UseNoise, FilterHash(Filter));

    internal static int FilterHash(double[] taps)
    {
        var hash = new HashCode();
        foreach (var t in taps) hash.Add(t);
        return hash.ToHashCode();
    }

    internal static SynthesisConfig Read(KwargsReader r)
    {
        var architecture = r.String("architecture", "skip");
        if (architecture != "skip")
            throw new ArgumentException($"network configuration: synthesis architecture '{architecture}' is not supported (only 'skip', as in StyleGAN2-ADA)");
        var config = new SynthesisConfig(
            r.Int("channel_base", 32768),
            r.Int("channel_max", 512),
            r.Int("num_fp16_res", 0),
            r.OptionalDouble("conv_clamp"),
            r.Doubles("resample_filter", [1, 3, 3, 1]),
            r.Bool("use_noise", true));
        r.Ignore("fp16_channels_last");
        r.RejectUnknown();
        return config;
    }

    internal JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["channel_base"] = ChannelBase,
            ["channel_max"] = ChannelMax,
            ["num_fp16_res"] = NumFp16Res,
            ["conv_clamp"] = ConvClamp,
        };
        if (ResampleFilter is not null && !ResampleFilter.SequenceEqual([1.0, 3, 3, 1]))
            json["resample_filter"] = new JsonArray(ResampleFilter.Select(v => (JsonNode)v).ToArray());
        if (!UseNoise) json["use_noise"] = false;
        return json;
    }
}

/// <summary>
/// A StyleGAN2 generator's constructor keyword arguments with the reference names, as stored in network files
/// (<c>G</c> in the <c>gankit</c> metadata) and in NVIDIA's pickles.
/// </summary>
/// <param name="ZDim">Latent z dimension.</param>
/// <param name="CDim">Conditioning label dimension (0 = unconditional).</param>
/// <param name="WDim">Intermediate latent w dimension.</param>
/// <param name="ImgResolution">Output resolution (a power of two, 4 to 1024).</param>
/// <param name="ImgChannels">Output channels (3 for RGB).</param>
/// <param name="Mapping">Mapping network arguments.</param>
/// <param name="Synthesis">Synthesis network arguments.</param>
public sealed record GeneratorConfig(int ZDim, int CDim, int WDim, int ImgResolution, int ImgChannels,
    MappingConfig Mapping, SynthesisConfig Synthesis)
{
    /// <summary>Reads the reference keyword arguments (e.g. a fixture's <c>config.json</c> "generator").</summary>
    public static GeneratorConfig FromJson(JsonObject json, string path = "G")
    {
        var r = new KwargsReader(json, path);
        var config = new GeneratorConfig(
            r.Int("z_dim"), r.Int("c_dim", 0), r.Int("w_dim"), r.Int("img_resolution"), r.Int("img_channels", 3),
            MappingConfig.Read(r.Child("mapping_kwargs")), SynthesisConfig.Read(r.Child("synthesis_kwargs")));
        r.RejectUnknown();
        return config.Validated(path);
    }

    /// <summary>The keyword arguments as JSON with reference names.</summary>
    public JsonObject ToJson() => new()
    {
        ["z_dim"] = ZDim,
        ["c_dim"] = CDim,
        ["w_dim"] = WDim,
        ["img_resolution"] = ImgResolution,
        ["img_channels"] = ImgChannels,
        ["mapping_kwargs"] = Mapping.ToJson(),
        ["synthesis_kwargs"] = Synthesis.ToJson(),
    };

    internal GeneratorConfig Validated(string path)
    {
        NetworkChecks.Resolution(ImgResolution, $"{path}.img_resolution");
        NetworkChecks.Positive(ZDim, $"{path}.z_dim", allowZero: CDim > 0);
        NetworkChecks.Positive(WDim, $"{path}.w_dim");
        NetworkChecks.Positive(ImgChannels, $"{path}.img_channels");
        NetworkChecks.Positive(CDim, $"{path}.c_dim", allowZero: true);
        NetworkChecks.Positive(Mapping.NumLayers, $"{path}.mapping_kwargs.num_layers");
        NetworkChecks.Positive(Synthesis.ChannelBase, $"{path}.synthesis_kwargs.channel_base");
        NetworkChecks.Positive(Synthesis.ChannelMax, $"{path}.synthesis_kwargs.channel_max");
        return this;
    }
}
