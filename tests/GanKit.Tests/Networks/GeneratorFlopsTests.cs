using System.Text.Json.Nodes;
using GanKit.Networks;
using GanKit.Networks.Config;
using GanKit.Networks.Layers;

namespace GanKit.Tests.Networks;

/// <summary>The analytic FLOP count behind <c>gankit bench generate</c>, checked against built networks and by hand.</summary>
public class GeneratorFlopsTests
{
    public static TheoryData<string> Configurations() => new() { "fixture", "a", "b" };

    private static GeneratorConfig Config(string name) => name switch
    {
        "fixture" => GeneratorConfig.FromJson(JsonNode.Parse(File.ReadAllText(Fixtures.Path("config.json")))!["generator"]!.AsObject()),
        "a" => OtherConfigurationTests.SmallUnconditional.G,
        _ => OtherConfigurationTests.ConditionalGrey.G,
    };

    /// <summary>
    /// The count from the configuration equals one derived from the built network's own weights: every fully connected
    /// layer 2·in·out, every synthesis layer 2·numel(weight)·(pixels it runs over), tRGB 2·numel(weight)·R².
    /// </summary>
    [Theory]
    [MemberData(nameof(Configurations))]
    public void CountMatchesTheBuiltNetworksWeights(string name)
    {
        var config = Config(name);
        using var G = new Generator(config);
        var fromWeights = new Dictionary<string, double>();
        foreach (var (moduleName, module) in G.named_modules())
        {
            switch (module)
            {
                case FullyConnectedLayer fc:
                    fromWeights[moduleName] = 2.0 * fc.weight.numel();
                    break;
                case SynthesisLayer layer:
                {
                    var res = BlockResolution(G, moduleName);
                    var pixels = moduleName.EndsWith(".conv0", StringComparison.Ordinal) ? res * res / 4 : res * res;
                    fromWeights[moduleName] = 2.0 * layer.weight.numel() * pixels;
                    break;
                }
                case ToRGBLayer torgb:
                {
                    var res = BlockResolution(G, moduleName);
                    fromWeights[moduleName] = 2.0 * torgb.weight.numel() * res * res;
                    break;
                }
            }
        }
        var counted = GeneratorFlops.Count(config);
        Assert.Equal(fromWeights.Keys.Order(), counted.Layers.Select(l => l.Name).Order());
        foreach (var layer in counted.Layers) Assert.Equal(fromWeights[layer.Name], layer.Flops);
        Assert.Equal(fromWeights.Values.Sum(), counted.PerImage, 6);
        Assert.Equal(counted.PerImage, Enum.GetValues<FlopKind>().Sum(counted.Of), 6);
    }

    private static int BlockResolution(Generator G, string moduleName) =>
        G.synthesis.blocks.Single(b => moduleName.StartsWith($"synthesis.b{b.Resolution}.", StringComparison.Ordinal)).Resolution;

    [Fact]
    public void TinyConfigurationByHand()
    {
        // z 4, w 4, one mapping layer, 8×8, 4 channels everywhere, RGB.
        var config = new GeneratorConfig(4, 0, 4, 8, 3, new MappingConfig(NumLayers: 1), new SynthesisConfig(ChannelBase: 32, ChannelMax: 4));
        var flops = GeneratorFlops.Count(config);
        const double fc = 2 * 4 * 4;                  // mapping.fc0 and each affine map: 4 → 4
        const double b4Conv1 = 2 * 4 * 4 * 9 * 4 * 4;   // 3×3 at 4×4
        const double b8Conv0 = 2 * 4 * 4 * 9 * 4 * 4;   // transposed 3×3 over the 4×4 input
        const double b8Conv1 = 2 * 4 * 4 * 9 * 8 * 8;
        const double toRgb = 2 * 3 * 4 * (4 * 4 + 8 * 8);
        Assert.Equal(fc, flops.Of(FlopKind.Mapping));
        Assert.Equal(5 * fc, flops.Of(FlopKind.Affine));
        Assert.Equal(b4Conv1 + b8Conv0 + b8Conv1, flops.Of(FlopKind.Conv));
        Assert.Equal(toRgb, flops.Of(FlopKind.ToRgb));
        Assert.Equal(29760, flops.PerImage);
    }

    [Fact]
    public void ConditionalMappingCountsTheEmbedding()
    {
        var config = new GeneratorConfig(8, 10, 6, 4, 3, new MappingConfig(NumLayers: 2, EmbedFeatures: 5, LayerFeatures: 7),
            new SynthesisConfig(ChannelBase: 16, ChannelMax: 4));
        var mapping = GeneratorFlops.Count(config).Layers.Where(l => l.Kind == FlopKind.Mapping).ToDictionary(l => l.Name, l => l.Flops);
        Assert.Equal(2.0 * 10 * 5, mapping["mapping.embed"]);
        Assert.Equal(2.0 * (8 + 5) * 7, mapping["mapping.fc0"]);
        Assert.Equal(2.0 * 7 * 6, mapping["mapping.fc1"]);
    }
}
