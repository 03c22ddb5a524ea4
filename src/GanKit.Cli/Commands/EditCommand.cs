using System.CommandLine;
using GanKit.Formats.Numpy;
using GanKit.Latent;
using GanKit.Latent.Directions;
using GanKit.Networks.Layers;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit edit</c>: slides seeds along a saved direction and writes a captioned grid, rows seeds and columns
/// strengths; with <c>--explore K</c> also the direction explorer (top K components × strengths) for the first seed.
/// </summary>
internal static class EditCommand
{
    public static Command Create()
    {
        var network = new Option<string?>("--network") { Description = "Network file (.safetensors) or NVIDIA snapshot (.pkl) (default: GanKit's avatars network)" };
        var seeds = new Option<string?>("--seeds") { Description = "Seeds, e.g. 85,100 or 0-3 (or --projected-w)" };
        var projectedW = new Option<string?>("--projected-w") { Description = "Edit projected faces instead: projected_w.npz from gankit project (key w [N, num_ws, w_dim])" };
        var directions = new Option<string>("--directions") { Description = "Directions file from gankit directions", Required = true };
        var component = new Option<int>("--component") { Description = "Which direction of the file", DefaultValueFactory = _ => 0 };
        var strengths = new Option<string>("--strengths") { Description = "Strengths α (comma-separated)", DefaultValueFactory = _ => "-5,-2.5,0,2.5,5" };
        var sigma = new Option<bool>("--sigma") { Description = "Strengths are multiples of the direction's stdev instead of w units" };
        var layers = new Option<string?>("--layers") { Description = "ws indices the edit applies to, e.g. 0-5 (default: all)" };
        var explore = new Option<int>("--explore") { Description = "Also write the explorer grid of the top K components for the first seed", DefaultValueFactory = _ => 0 };
        var trunc = new Option<double>("--trunc") { Description = "Truncation ψ", DefaultValueFactory = _ => 1.0 };
        var noise = new Option<string>("--noise-mode") { Description = "const, random or none", DefaultValueFactory = _ => "const" };
        var classIndex = new Option<int?>("--class") { Description = "Class label for a conditional network" };
        var outdir = new Option<string>("--outdir") { Description = "Output folder", Required = true };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("edit", "Edit seeds (or projected faces) along a latent direction: a grid of seeds × strengths")
        {
            network, seeds, projectedW, directions, component, strengths, sigma, layers, explore, trunc, noise, classIndex, outdir, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var projectedPath = parse.GetValue(projectedW);
            var seedText = parse.GetValue(seeds);
            if (projectedPath is not null && seedText is not null) throw new ArgumentException("give --seeds or --projected-w, not both");
            if (projectedPath is null && seedText is null) throw new ArgumentException("--seeds is required (e.g. --seeds 85,100), or --projected-w FILE");
            if (projectedPath is not null && !File.Exists(projectedPath))
                throw new FileNotFoundException($"--projected-w '{projectedPath}' does not exist: expected projected_w.npz from gankit project", projectedPath);
            var seedList = seedText is null ? [] : Seeds.Parse(seedText, "--seeds");
            if (seedText is not null && seedList.Count == 0) throw new ArgumentException("--seeds: expected one or more seeds");
            var alphas = CliArguments.Numbers(parse.GetValue(strengths)!, "--strengths");
            var noiseMode = NoiseModes.Parse(parse.GetValue(noise)!);
            var set = DirectionSet.Load(parse.GetValue(directions)!);
            var c = parse.GetValue(component);
            if (c < 0 || c >= set.Count) throw new ArgumentException($"--component {c} is outside 0..{set.Count - 1} (the file holds {set.Count} directions)");
            var k = parse.GetValue(explore);
            if (k < 0 || k > set.Count) throw new ArgumentException($"--explore {k} is outside 0..{set.Count} (the file holds {set.Count} directions)");
            if (k > 0 && projectedPath is not null) throw new ArgumentException("--explore works on seeds; with --projected-w leave it out");
            var dir = Path.GetFullPath(parse.GetValue(outdir)!);
            using var nets = CliArguments.LoadNetworksOrDefault(parse.GetValue(network), CliArguments.ParseDevice(parse.GetValue(device)!));
            var G = nets.G_ema;
            LatentEdit.CheckWDim(G, set);
            var layerList = parse.GetValue(layers) is { } text ? CliArguments.Ranges(text, "--layers") : null;
            var inStdevs = parse.GetValue(sigma);
            var layerText = parse.GetValue(layers) ?? $"0-{G.NumWs - 1}";
            Directory.CreateDirectory(dir);
            var scale = Math.Max(1, 128 / G.Config.ImgResolution);

            var path = Path.Combine(dir, $"edit-{set.Method}{c}.png");
            if (projectedPath is not null)
            {
                using var ws = ProjectedLatents.Load(projectedPath, G.NumWs, G.Config.WDim, G.device);
                var labels = Enumerable.Range(0, (int)ws.shape[0]).Select(i => $"projected {i}").ToArray();
                AnsiConsole.Status().Start("editing", _ =>
                    DirectionGrid.Edits(G, ws, labels, set, c, alphas, layerList, noiseMode, inStdevs)
                        .WithTitle($"{set.Method} component {c}, ws {layerText}")
                        .Save(path, scale));
                AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(path)}[/]: {labels.Length} projected face(s) × {alphas.Length} strengths, ws {layerText} of {G.NumWs}");
                return 0;
            }
            AnsiConsole.Status().Start("editing", _ =>
                DirectionGrid.Edits(G, seedList, set, c, alphas, layerList, parse.GetValue(trunc), noiseMode, parse.GetValue(classIndex), inStdevs)
                    .WithTitle($"{set.Method} component {c}, ws {layerText}")
                    .Save(path, scale));
            AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(path)}[/]: {seedList.Count} seed(s) × {alphas.Length} strengths, ws {layerText} of {G.NumWs}");
            if (k > 0)
            {
                var explorer = Path.Combine(dir, $"explore-{set.Method}-seed{seedList[0]}.png");
                AnsiConsole.Status().Start("exploring", _ =>
                    DirectionGrid.Explorer(G, seedList[0], set, Enumerable.Range(0, k).ToArray(), alphas, layerList, parse.GetValue(trunc),
                        noiseMode, parse.GetValue(classIndex), inStdevs).Save(explorer, scale));
                AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(explorer)}[/]: top {k} components × {alphas.Length} strengths");
            }
            return 0;
        }));
        return command;
    }
}
