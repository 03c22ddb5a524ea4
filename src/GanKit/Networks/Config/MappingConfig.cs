using System.Text.Json.Nodes;
using GanKit.Networks.Ops;

namespace GanKit.Networks.Config;

/// <summary>The mapping network's keyword arguments (reference <c>mapping_kwargs</c>).</summary>
/// <param name="NumLayers">Fully connected layers z → w (8 in StyleGAN2; 2 in small configurations).</param>
/// <param name="EmbedFeatures">Width of the class embedding; defaults to w_dim (0 without classes).</param>
/// <param name="LayerFeatures">Width of the hidden layers; defaults to w_dim.</param>
/// <param name="Activation">Hidden activation.</param>
/// <param name="LrMultiplier">Learning-rate multiplier of the layers (0.01: the mapping learns 100× slower).</param>
/// <param name="WAvgBeta">Decay of the tracked average w used by truncation; null to not track.</param>
public sealed record MappingConfig(int NumLayers = 8, int? EmbedFeatures = null, int? LayerFeatures = null,
    Activation Activation = Activation.LRelu, double LrMultiplier = 0.01, double? WAvgBeta = 0.995)
{
    internal static MappingConfig Read(KwargsReader r)
    {
        var config = new MappingConfig(
            r.Int("num_layers", 8),
            r.OptionalInt("embed_features"),
            r.OptionalInt("layer_features"),
            ActivationInfo.Parse(r.String("activation", "lrelu")),
            r.Double("lr_multiplier", 0.01),
            r.OptionalDouble("w_avg_beta", 0.995));
        r.RejectUnknown();
        return config;
    }

    internal JsonObject ToJson()
    {
        var json = new JsonObject { ["num_layers"] = NumLayers };
        if (EmbedFeatures is { } e) json["embed_features"] = e;
        if (LayerFeatures is { } l) json["layer_features"] = l;
        if (Activation != Activation.LRelu) json["activation"] = Activation.Name();
        if (LrMultiplier != 0.01) json["lr_multiplier"] = LrMultiplier;
        if (WAvgBeta != 0.995) json["w_avg_beta"] = WAvgBeta;
        return json;
    }
}
