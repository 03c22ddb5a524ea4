using System.Text.Json.Nodes;
using GanKit.Networks;
using GanKit.Networks.Config;
using GanKit.Torch;
using GanKit.Training;

namespace GanKit.Tests.Training;

/// <summary>
/// <c>training-cases.safetensors</c>: one reference training iteration on the fixture networks with every random draw
/// fixed. Each test builds fresh networks from the file's weights, so <c>w_avg</c> starts from the file's value.
/// </summary>
public sealed class TrainingCases
{
    private readonly JsonObject _config;

    public TrainingCases()
    {
        _config = JsonNode.Parse(File.ReadAllText(Fixtures.Path("config.json")))!.AsObject();
        Cases = Safetensors.Read(Fixtures.Path("training-cases.safetensors"));
        GWeights = Safetensors.Read(Fixtures.Path("G.safetensors"));
        DWeights = Safetensors.Read(Fixtures.Path("D.safetensors"));
    }

    public IReadOnlyDictionary<string, RawTensor> Cases { get; }
    public IReadOnlyDictionary<string, RawTensor> GWeights { get; }
    public IReadOnlyDictionary<string, RawTensor> DWeights { get; }

    public Tensor Case(string key) => Cases[key].ToTensor();

    public double Scalar(string key) => Cases[key].ToFloat32().Single();

    /// <summary>The keys <c>prefix.name</c>, by name.</summary>
    public Dictionary<string, Tensor> Group(string prefix) => Cases.Keys.Where(k => k.StartsWith(prefix + ".", StringComparison.Ordinal))
        .ToDictionary(k => k[(prefix.Length + 1)..], k => Cases[k].ToTensor());

    /// <summary>The generator with the file's weights, in training mode.</summary>
    public Generator G()
    {
        var g = new Generator(GeneratorConfig.FromJson(_config["generator"]!.AsObject()));
        g.LoadStateDict(GWeights);
        g.train();
        return g;
    }

    /// <summary>The discriminator with the file's weights, in training mode.</summary>
    public Discriminator D()
    {
        var d = new Discriminator(DiscriminatorConfig.FromJson(_config["discriminator"]!.AsObject()));
        d.LoadStateDict(DWeights);
        d.train();
        return d;
    }

    /// <summary>The loss as the fixture ran it: noise const, style mixing off, the file's γ and path-length noise.</summary>
    public StyleGan2Loss Loss(Generator g, Discriminator d) => new(g, d,
        new LossOptions(R1Gamma: Scalar("r1_gamma"), StyleMixingProbability: 0, NoiseMode: GanKit.Networks.Layers.NoiseMode.Const),
        new ReplayDraws(Case("pl_noise")));
}

/// <summary>The fixture's draws: its path-length noise; nothing else may be drawn.</summary>
internal sealed class ReplayDraws(Tensor plNoise) : IRandomDraws
{
    public Tensor Latents(long batch, int z_dim, Device device) => throw new InvalidOperationException("the replay passes its latents");

    public Tensor PathLengthNoise(Tensor images)
    {
        Assert.Equal(plNoise.shape, images.shape);
        return plNoise.clone();
    }

    public int StyleMixingCutoff(int num_ws, double probability) => throw new InvalidOperationException("style mixing is off in the replay");

    public Tensor MixingLatents(Tensor z) => throw new InvalidOperationException("style mixing is off in the replay");
}

internal static class Tolerances
{
    /// <summary>Largest |actual − expected| / max(1, |expected|): absolute below 1, relative above.</summary>
    public static double MaxError(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var scope = torch.NewDisposeScope();
        var e = expected.to(ScalarType.Float64);
        var error = (actual.to(ScalarType.Float64) - e).abs() / e.abs().clamp_min(1);
        return error.numel() == 0 ? 0 : error.max().ToDouble();
    }

    /// <summary>
    /// Compares every tensor of <paramref name="expected"/> with the parameter of that name in <paramref name="module"/>
    /// (through <paramref name="select"/>), asserting the names are exactly the module's parameters; returns the largest error.
    /// </summary>
    public static double MaxErrorOverParameters(torch.nn.Module module, IReadOnlyDictionary<string, Tensor> expected,
        Func<Parameter, Tensor?> select, double tolerance, string what)
    {
        var parameters = module.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Equal(parameters.Keys.Order(), expected.Keys.Order());
        var worst = 0.0;
        foreach (var (name, value) in expected)
        {
            var actual = select(parameters[name]) ?? throw new Xunit.Sdk.XunitException($"{what}.{name}: no value (no gradient)");
            var error = MaxError(actual, value);
            Assert.True(error <= tolerance, $"{what}.{name}: max error {error:E3} > {tolerance:E1}");
            worst = Math.Max(worst, error);
        }
        return worst;
    }
}
