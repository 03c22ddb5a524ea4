using GanKit.Networks;
using GanKit.Networks.Layers;

namespace GanKit.Latent.Directions;

/// <summary>One style affine A of the synthesis network: which ws index feeds it and the linear map it applies.</summary>
/// <param name="WsIndex">The index into ws [N, num_ws, w_dim] the layer reads.</param>
/// <param name="Name">The layer's state-dict name, e.g. <c>b8.conv0.affine</c>.</param>
/// <param name="Gain">The scalar the stored weight is multiplied by to give the map w → styles.</param>
/// <param name="Layer">The affine layer itself.</param>
public sealed record StyleAffine(int WsIndex, string Name, double Gain, FullyConnectedLayer Layer)
{
    /// <summary>
    /// All affines of <paramref name="synthesis"/>, in ws order. Block b at ws offset o reads ws[o] (conv0, when
    /// present), the next (conv1) and the one after for tRGB, which is also the next block's first (ws advance by
    /// the convolutions only). The gain is the affine's equalised-lr gain 1/√w_dim (affines have lr_multiplier 1)
    /// times, for tRGB, the style gain 1/√(in_channels·k²) tRGB applies to the affine's output.
    /// </summary>
    public static IReadOnlyList<StyleAffine> Of(SynthesisNetwork synthesis)
    {
        var result = new List<StyleAffine>();
        var offset = 0;
        foreach (var block in synthesis.blocks)
        {
            var i = offset;
            var prefix = $"b{block.Resolution}";
            if (block.conv0 is { } conv0) result.Add(Conv(i++, $"{prefix}.conv0.affine", conv0.affine));
            result.Add(Conv(i++, $"{prefix}.conv1.affine", block.conv1.affine));
            var torgb = block.torgb;
            var fanIn = torgb.weight.shape[1] * torgb.weight.shape[2] * torgb.weight.shape[3];
            result.Add(new StyleAffine(i, $"{prefix}.torgb.affine", AffineGain(torgb.affine) / Math.Sqrt(fanIn), torgb.affine));
            offset += block.NumConv;
        }
        return result;
    }

    private static StyleAffine Conv(int index, string name, FullyConnectedLayer affine) => new(index, name, AffineGain(affine), affine);

    private static double AffineGain(FullyConnectedLayer affine) => 1 / Math.Sqrt(affine.InFeatures);
}
