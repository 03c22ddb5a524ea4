using GanKit.Latent;
using GanKit.Networks;
using GanKit.Networks.Config;
using GanKit.Networks.Layers;
using GanKit.Torch;
using F = TorchSharp.torch.nn.functional;

namespace GanKit.Tests.Networks;

/// <summary>
/// Configurations other than the fixture's: they build, survive the network file unchanged, generate the same
/// images before and after, feed the discriminator, and train (gradients, w_avg tracking).
/// </summary>
public sealed class OtherConfigurationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-configs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A named pair of configurations; the name keeps theory rows readable.</summary>
    public sealed record Case(string Name, GeneratorConfig G, DiscriminatorConfig D, int? ClassIndex)
    {
        public override string ToString() => Name;
    }

    /// <summary>
    /// (a) small unconditional: z 32, w 48, three mapping layers, 16×16, channel_base 256 / max 64, no conv_clamp;
    /// (b) conditional grey-scale: c_dim 5 with projection in D, 64×64×1, mapping hidden width 40 ≠ w_dim 24,
    /// a class embedding narrower than w, conv_clamp 256, two minibatch-std channels in D.
    /// </summary>
    public static readonly Case SmallUnconditional = new("a: 16px, z32 w48, 3 mapping layers, no clamp",
        new GeneratorConfig(ZDim: 32, CDim: 0, WDim: 48, ImgResolution: 16, ImgChannels: 3,
            new MappingConfig(NumLayers: 3), new SynthesisConfig(ChannelBase: 256, ChannelMax: 64, ConvClamp: null)),
        new DiscriminatorConfig(CDim: 0, ImgResolution: 16, ImgChannels: 3, ChannelBase: 256, ChannelMax: 64, ConvClamp: null,
            MbstdGroupSize: 2),
        null);

    public static readonly Case ConditionalGrey = new("b: 64px grey, c_dim 5, layer_features 40 != w 24",
        new GeneratorConfig(ZDim: 16, CDim: 5, WDim: 24, ImgResolution: 64, ImgChannels: 1,
            new MappingConfig(NumLayers: 2, EmbedFeatures: 12, LayerFeatures: 40),
            new SynthesisConfig(ChannelBase: 512, ChannelMax: 32, ConvClamp: 256)),
        new DiscriminatorConfig(CDim: 5, ImgResolution: 64, ImgChannels: 1, ChannelBase: 1024, ChannelMax: 48, ConvClamp: 256,
            Mapping: new MappingConfig(NumLayers: 2), MbstdGroupSize: 4, MbstdNumChannels: 2),
        3);

    /// <summary>
    /// (a) small unconditional: z 32, w 48, three mapping layers, 16×16, channel_base 256 / max 64, no conv_clamp;
    /// (b) conditional grey-scale: c_dim 5 with projection in D, 64×64×1, mapping hidden width 40 ≠ w_dim 24,
    /// a class embedding narrower than w, conv_clamp 256, two minibatch-std channels in D.
    /// </summary>
    public static TheoryData<Case> Cases() => new() { SmallUnconditional, ConditionalGrey };

    private static readonly uint[] SampleSeeds = [0, 1, 42, 7];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ConfigJsonRoundTrips(Case c)
    {
        Assert.Equal(c.G, GeneratorConfig.FromJson(c.G.ToJson()));
        Assert.Equal(c.D, DiscriminatorConfig.FromJson(c.D.ToJson()));
        // Reading twice gives equal configurations too (filters and defaults compare by value).
        Assert.Equal(GeneratorConfig.FromJson(c.G.ToJson()), GeneratorConfig.FromJson(c.G.ToJson()));
        Assert.Equal(GeneratorConfig.FromJson(c.G.ToJson()).GetHashCode(), c.G.GetHashCode());
        Assert.Equal(DiscriminatorConfig.FromJson(c.D.ToJson()).GetHashCode(), c.D.GetHashCode());
        // Non-default filters and activations survive too.
        var gCustom = c.G with { Synthesis = c.G.Synthesis with { ResampleFilter = [1, 2, 1], UseNoise = false } };
        Assert.Equal(gCustom, GeneratorConfig.FromJson(gCustom.ToJson()));
        var dCustom = c.D with { ResampleFilter = [1, 2, 1], FreezeLayers = 1, CmapDim = 7, MbstdGroupSize = null };
        Assert.Equal(dCustom, DiscriminatorConfig.FromJson(dCustom.ToJson()));
        // Equality is not vacuous: a one-field change is noticed.
        Assert.NotEqual(c.G, c.G with { Synthesis = c.G.Synthesis with { ChannelMax = c.G.Synthesis.ChannelMax * 2 } });
        Assert.NotEqual(c.G, c.G with { Synthesis = c.G.Synthesis with { ResampleFilter = [1, 2, 1] } });
        Assert.NotEqual(c.D, c.D with { MbstdNumChannels = c.D.MbstdNumChannels + 1 });
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void BuildsWithTheConfiguredShapes(Case c)
    {
        using var G = new Generator(c.G);
        using var D = new Discriminator(c.D);
        var log2 = (int)Math.Log2(c.G.ImgResolution);
        Assert.Equal(2 * log2 - 2, G.NumWs);
        Assert.Equal(Enumerable.Range(2, log2 - 1).Select(i => 1 << i), G.synthesis.BlockResolutions);
        Assert.Equal(c.G.Mapping.NumLayers, G.mapping.layers.Count);
        var hidden = c.G.Mapping.LayerFeatures ?? c.G.WDim;
        var embed = c.G.CDim == 0 ? 0 : c.G.Mapping.EmbedFeatures ?? c.G.WDim;
        Assert.Equal([hidden, c.G.ZDim + embed], G.mapping.layers[0].weight.shape);
        Assert.Equal([c.G.WDim, hidden], G.mapping.layers[^1].weight.shape);
        Assert.Equal(c.G.CDim > 0, G.mapping.embed is not null);
        Assert.Equal(c.D.CDim > 0, D.mapping is not null);

        int GChannels(int res) => Math.Min(c.G.Synthesis.ChannelBase / res, c.G.Synthesis.ChannelMax);
        foreach (var block in G.synthesis.blocks)
        {
            var res = block.Resolution;
            Assert.Equal([GChannels(res), GChannels(res), 3, 3], block.conv1.weight.shape);
            Assert.Equal([c.G.ImgChannels, GChannels(res), 1, 1], block.torgb.weight.shape);
            if (res > 4) Assert.Equal([GChannels(res), GChannels(res / 2), 3, 3], block.conv0!.weight.shape);
        }
        int DChannels(int res) => Math.Min(c.D.ChannelBase / res, c.D.ChannelMax);
        Assert.Equal(Enumerable.Range(3, log2 - 2).Select(i => 1 << i).Reverse(), D.blocks.Select(b => b.Resolution));
        Assert.Equal(DChannels(c.D.ImgResolution), D.state_dict()[$"b{c.D.ImgResolution}.fromrgb.weight"].size(0));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RoundTripsThroughTheNetworkFileAndGeneratesTheSameImages(Case c)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        using var G = Perturb(new Generator(c.G));
        using var D = Perturb(new Discriminator(c.D));
        G.eval();
        D.eval();

        var path = Path.Combine(_dir, "net.safetensors");
        NetworkFile.Save(path, G, D);
        using var loaded = NetworkFile.Load(path);
        Assert.Equal(c.G, loaded.G_ema.Config);
        Assert.Equal(c.D, loaded.D!.Config);
        Assert.Null(loaded.G);
        AssertSameState(G, loaded.G_ema);
        AssertSameState(D, loaded.D);

        using var noGrad = torch.no_grad();
        foreach (var (psi, cutoff) in new (double, int?)[] { (1, null), (0.6, null), (0.5, 2) })
        {
            var before = G.Generate(SampleSeeds, psi, cutoff, NoiseMode.Const, c.ClassIndex);
            var after = loaded.G_ema.Generate(SampleSeeds, psi, cutoff, NoiseMode.Const, c.ClassIndex);
            Assert.Equal([SampleSeeds.Length, c.G.ImgChannels, c.G.ImgResolution, c.G.ImgResolution], before.shape);
            Assert.Equal(RawTensor.FromTensor(before).Data, RawTensor.FromTensor(after).Data);
            Assert.Equal(1.0, before.isfinite().@float().mean().ToDouble());
            // Different seeds give different images.
            Assert.True((before.narrow(0, 0, 1) - before.narrow(0, 1, 1)).abs().max().ToDouble() > 1e-3);

            var labels = SeedLatents.Labels(c.D.CDim, c.ClassIndex, SampleSeeds.Length);
            var logits = D.forward(before, labels);
            Assert.Equal([SampleSeeds.Length, 1], logits.shape);
            Assert.Equal(1.0, logits.isfinite().@float().mean().ToDouble());
            Assert.Equal(RawTensor.FromTensor(logits).Data, RawTensor.FromTensor(loaded.D.forward(after, labels)).Data);
        }

        // Truncation pulls towards w_avg: ψ = 0 gives the same image for every seed.
        var average = G.Generate(SampleSeeds, 0, null, NoiseMode.Const, c.ClassIndex);
        Assert.True((average.narrow(0, 0, 1) - average.narrow(0, 1, 1)).abs().max().ToDouble() < 1e-5);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FusedAndPerSampleModulationAgree(Case c)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        torch.manual_seed(5);
        using var G = Perturb(new Generator(c.G));
        G.eval();
        var ws = G.SeedsToWs(SampleSeeds, 1, null, c.ClassIndex);
        var fused = G.synthesis.forward(ws, NoiseMode.Const, fused_modconv: true);
        var perSample = G.synthesis.forward(ws, NoiseMode.Const, fused_modconv: false);
        Compare.Close(perSample, fused, 1e-4 * Math.Max(1, fused.abs().max().ToDouble()), "fused vs per-sample modulation");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneTrainingStepMovesEveryParameterAndTracksWAvg(Case c)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var G = Perturb(new Generator(c.G));
        using var D = Perturb(new Discriminator(c.D));
        const int batch = 4;
        var z = torch.randn([batch, c.G.ZDim]);
        var labels = SeedLatents.Labels(c.G.CDim, c.ClassIndex, batch);

        // The mapping output as evaluation sees it, for the expected w_avg update.
        G.eval();
        Tensor wMean;
        using (torch.no_grad()) wMean = G.mapping.forward(z, labels).select(1, 0).mean([0]);
        var wAvgBefore = G.mapping.w_avg!.clone();

        G.train();
        D.train();
        // Training mode picks the per-sample (non-fused) modulation path.
        var img = G.forward(z, labels, noise_mode: NoiseMode.Random);
        var loss = F.softplus(-D.forward(img, labels)).mean();
        loss.backward();

        var expected = wAvgBefore + (wMean - wAvgBefore) * (1 - 0.995);
        Compare.Close(G.mapping.w_avg!, expected, 1e-6, "w_avg after one training forward");
        Assert.True((G.mapping.w_avg! - wAvgBefore).abs().max().ToDouble() > 1e-6, "w_avg did not move");

        foreach (var (name, p) in G.named_parameters().Concat(D.named_parameters().Select(t => ($"D.{t.name}", t.parameter))))
        {
            using var g = p.grad;
            Assert.True(g is not null, $"{name}: no gradient");
            Assert.Equal(p.shape, g.shape);
            Assert.True(g.isfinite().@float().mean().ToDouble() == 1.0, $"{name}: non-finite gradient");
            Assert.True(g.abs().max().ToDouble() > 0, $"{name}: zero gradient");
        }

        var before = G.named_parameters().ToDictionary(t => t.name, t => t.parameter.clone());
        using var adam = torch.optim.Adam(G.parameters(), lr: 1e-3);
        adam.step();
        foreach (var (name, p) in G.named_parameters())
            Assert.True((p - before[name]).abs().max().ToDouble() > 0, $"{name}: unchanged by the optimizer step");
    }

    /// <summary>Moves every floating-point parameter and buffer away from its initial value (zeros, ones, filters).</summary>
    internal static T Perturb<T>(T module) where T : torch.nn.Module
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        foreach (var (_, t) in module.state_dict())
        {
            if (t.is_floating_point()) t.add_(torch.randn_like(t) * 0.1);
        }
        return module;
    }

    private static void AssertSameState(torch.nn.Module expected, torch.nn.Module actual)
    {
        var a = expected.state_dict();
        var b = actual.state_dict();
        Assert.Equal(a.Select(t => t.Key).Order(), b.Keys.Order());
        foreach (var (key, tensor) in a)
        {
            var raw = RawTensor.FromTensor(tensor);
            var other = RawTensor.FromTensor(b[key]);
            Assert.True(raw.DType == other.DType, $"{key}: dtype {other.DType} != {raw.DType}");
            Assert.Equal(raw.Shape, other.Shape);
            Assert.True(raw.Data.AsSpan().SequenceEqual(other.Data), $"{key}: values differ after the round trip");
        }
    }
}
