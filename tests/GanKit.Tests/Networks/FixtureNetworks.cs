using System.Text.Json.Nodes;
using GanKit.Networks;
using GanKit.Networks.Config;
using GanKit.Torch;

namespace GanKit.Tests.Networks;

/// <summary>The reference fixture's networks, cases and configuration, loaded once per test class.</summary>
public sealed class FixtureNetworks : IDisposable
{
    public FixtureNetworks()
    {
        Config = JsonNode.Parse(File.ReadAllText(Fixtures.Path("config.json")))!.AsObject();
        G = new Generator(GeneratorConfig.FromJson(Config["generator"]!.AsObject()));
        G.LoadStateDict(Safetensors.Read(Fixtures.Path("G.safetensors")));
        G.eval();
        D = new Discriminator(DiscriminatorConfig.FromJson(Config["discriminator"]!.AsObject()));
        D.LoadStateDict(Safetensors.Read(Fixtures.Path("D.safetensors")));
        D.eval();
        Cases = Safetensors.Read(Fixtures.Path("cases.safetensors"));
        Seeds = Config["seeds"]!.AsArray().Select(s => s!.GetValue<uint>()).ToArray();
    }

    public JsonObject Config { get; }
    public Generator G { get; }
    public Discriminator D { get; }
    public IReadOnlyDictionary<string, RawTensor> Cases { get; }
    public uint[] Seeds { get; }

    public Tensor Case(string key) => Cases[key].ToTensor();

    public void Dispose()
    {
        G.Dispose();
        D.Dispose();
    }
}

internal static class Compare
{
    /// <summary>Largest absolute difference, asserting equal shapes first.</summary>
    public static double MaxAbs(Tensor actual, Tensor expected)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var diff = (actual.to(ScalarType.Float64) - expected.to(ScalarType.Float64)).abs().max();
        return diff.ToDouble();
    }

    public static void Close(Tensor actual, Tensor expected, double tolerance, string what)
    {
        var error = MaxAbs(actual, expected);
        Assert.True(error <= tolerance, $"{what}: max abs error {error:E3} > {tolerance:E1}");
    }
}
