using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using GanKit.Networks;
using GanKit.Networks.Config;
using GanKit.Torch;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit convert</c>: an NVIDIA <c>.pkl</c> snapshot, or a bare reference state dict with its configuration,
/// into a GanKit network file.
/// </summary>
internal static class ConvertCommand
{
    public static Command Create()
    {
        var network = new Option<string>("--network") { Description = "Snapshot (.pkl), network file, or bare generator state dict (.safetensors with --config)", Required = true };
        var config = new Option<string?>("--config") { Description = "config.json with 'generator' (and 'discriminator') keyword arguments, for a bare state dict" };
        var discriminator = new Option<string?>("--discriminator") { Description = "Bare discriminator state dict to include (with --config)" };
        var output = new Option<string>("--out") { Description = "Output network file (.safetensors)", Required = true };
        var command = new Command("convert", "Convert a snapshot or bare state dict into a GanKit network file") { network, config, discriminator, output };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var source = parse.GetValue(network)!;
            var outPath = parse.GetValue(output)!;
            using var set = parse.GetValue(config) is { } configPath
                ? FromBareStateDicts(source, parse.GetValue(discriminator), configPath)
                : NetworkFile.Load(source);
            NetworkFile.Save(outPath, set.G_ema, set.D, set.G, extraMetadata: set.Metadata);
            AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(outPath)}[/]: G_ema{(set.G is null ? "" : ", G")}{(set.D is null ? "" : ", D")}");
            return 0;
        }));
        return command;
    }

    private static NetworkSet FromBareStateDicts(string generatorPath, string? discriminatorPath, string configPath)
    {
        JsonObject json;
        try
        {
            json = JsonNode.Parse(File.ReadAllText(configPath)) as JsonObject
                   ?? throw new ArgumentException($"--config {configPath}: expected a JSON object");
        }
        catch (JsonException e) { throw new ArgumentException($"--config {configPath}: not valid JSON ({e.Message})", e); }
        var gJson = json["generator"] as JsonObject ?? json["G"] as JsonObject
                    ?? throw new ArgumentException($"--config {configPath}: no 'generator' object");
        var G = Bare(generatorPath, () => new Generator(GeneratorConfig.FromJson(gJson)));
        try
        {
            Discriminator? D = null;
            if (discriminatorPath is not null)
            {
                var dJson = json["discriminator"] as JsonObject ?? json["D"] as JsonObject
                            ?? throw new ArgumentException($"--config {configPath}: no 'discriminator' object");
                D = Bare(discriminatorPath, () => new Discriminator(DiscriminatorConfig.FromJson(dJson)));
            }
            return new NetworkSet(G, null, D);
        }
        catch
        {
            G.Dispose();
            throw;
        }
    }

    /// <summary>Builds a network and loads a bare state dict into it; a misfit names the file and every offending key.</summary>
    private static T Bare<T>(string path, Func<T> create) where T : torch.nn.Module
    {
        var tensors = Safetensors.Read(path);
        var module = create();
        try
        {
            module.LoadStateDict(tensors);
            module.eval();
            return module;
        }
        catch (StateDictException e)
        {
            module.Dispose();
            throw new GanKitFormatException(path, $"the tensors do not fit the --config configuration; {e.Problems.Count} offending key(s):\n  " +
                string.Join("\n  ", e.Problems));
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }
}
