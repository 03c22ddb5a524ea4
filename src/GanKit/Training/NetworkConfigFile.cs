using System.Text.Json;
using System.Text.Json.Nodes;
using GanKit.Networks.Config;

namespace GanKit.Training;

/// <summary>
/// <c>--network-config FILE</c>: a JSON object <c>{"generator": {...}, "discriminator": {...}}</c> holding the
/// reference constructor keyword arguments, as the fixtures' <c>config.json</c> spells them (other keys are ignored),
/// for small custom networks instead of a preset's.
/// </summary>
public static class NetworkConfigFile
{
    /// <summary>Reads the generator and discriminator configurations of <paramref name="path"/>.</summary>
    public static (GeneratorConfig Generator, DiscriminatorConfig Discriminator) Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"--network-config: '{path}' does not exist", path);
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("the top level is not an object"); }
        catch (JsonException e) { throw new GanKitFormatException(path, $"--network-config is not valid JSON: {e.Message}", e); }
        if (json["generator"] is not JsonObject g) throw new GanKitFormatException(path, "--network-config needs an object \"generator\" with the generator's keyword arguments");
        if (json["discriminator"] is not JsonObject d) throw new GanKitFormatException(path, "--network-config needs an object \"discriminator\" with the discriminator's keyword arguments");
        try { return (GeneratorConfig.FromJson(g, "generator"), DiscriminatorConfig.FromJson(d, "discriminator")); }
        catch (ArgumentException e) { throw new GanKitFormatException(path, e.Message, e); }
    }
}
