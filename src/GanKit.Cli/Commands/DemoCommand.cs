using System.CommandLine;
using System.Net;
using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Latent.Directions;
using GanKit.Networks;
using GanKit.Networks.Layers;
using GanKit.Torch;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit demo</c>: the main job end to end on the embedded default network (or <c>--network</c>): a truncation
/// table, a style-mixing grid, a W-space interpolation loop and the top PCA directions as edit strips, gathered in one HTML page.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var network = new Option<string?>("--network") { Description = "Network file or .pkl (default: GanKit's avatars network, trained by GanKit)" };
        var outdir = new Option<string>("--outdir") { Description = "Output folder", DefaultValueFactory = _ => "out/demo" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("demo", "Generate, truncate, mix styles and interpolate; writes PNGs, an animation and index.html")
        {
            network, outdir, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var target = Devices.Parse(parse.GetValue(device)!);
            var dir = Path.GetFullPath(parse.GetValue(outdir)!);
            Directory.CreateDirectory(dir);
            using var nets = parse.GetValue(network) is { } path
                ? CliArguments.LoadNetworks(path, target)
                : CliArguments.LoadDefaultNetworks(target);
            var G = nets.G_ema;
            var scale = Math.Max(1, 128 / G.Config.ImgResolution);
            uint[] seeds = [0, 1, 2, 3, 4, 5];
            double[] psis = [0.3, 0.5, 0.7, 1.0];
            var page = new List<(string Title, string File, string Text)>();

            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("truncation table", maxValue: psis.Length);
                    var table = new ImageGrid(psis.Length)
                        .WithColumnLabels(psis.Select(p => $"psi {CliArguments.Psi(p)}").ToArray())
                        .WithRowLabels(seeds.Select(s => $"seed {s}").ToArray());
                    var columns = psis.Select(psi =>
                    {
                        using var scope = torch.NewDisposeScope();
                        var images = TensorImageConversion.ToImages(G.Generate(seeds, psi));
                        task.Increment(1);
                        return images;
                    }).ToArray();
                    for (var s = 0; s < seeds.Length; s++)
                        for (var p = 0; p < psis.Length; p++) table.Add(columns[p][s]);
                    table.Save(Path.Combine(dir, "truncation.png"), scale);
                    page.Add(("Truncation", "truncation.png",
                        "Each row is one seed. Lower ψ pulls its w towards the average w: images grow more typical and alike."));

                    var mixTask = ctx.AddTask("style mixing", maxValue: 1);
                    var mix = StyleMixGrid.Compute(G, [10, 11, 12], [20, 21, 22, 23], Enumerable.Range(0, Math.Min(4, G.NumWs)).ToArray());
                    mix.ToGrid().Save(Path.Combine(dir, "style-mix.png"), scale);
                    mixTask.Increment(1);
                    page.Add(("Style mixing", "style-mix.png",
                        "Rows keep their fine styles and take the coarse styles (first 4 ws) of the column seed."));

                    var interpolationTask = ctx.AddTask("interpolation", maxValue: 1);
                    using (var scope = torch.NewDisposeScope())
                    {
                        var keys = G.SeedsToWs([30, 31, 32, 33], 0.7);
                        var path = Interpolation.LinearLoop(keys, 12);
                        var frames = TensorImageConversion.ToImages(G.Synthesize(path)).Select(f => f.Upscale(scale)).ToList();
                        new Animation(frames, fps: 12).Save(Path.Combine(dir, "interpolation.png"));
                    }
                    interpolationTask.Increment(1);
                    page.Add(("Interpolation", "interpolation.png",
                        "A loop through four seeds' ws, straight lines in W: the image changes smoothly (an animated PNG)."));

                    var pcaTask = ctx.AddTask("PCA directions", maxValue: 1);
                    var directions = GanSpace.Pca(G, samples: 20000, components: 5);
                    DirectionGrid.Explorer(G, seed: 7, directions, components: [0, 1, 2, 3, 4], strengths: [-2, -1, 0, 1, 2], truncationPsi: 0.7)
                        .Save(Path.Combine(dir, "pca-directions.png"), scale);
                    pcaTask.Increment(1);
                    var explained = string.Join(", ", directions.ExplainedVarianceRatio.Take(5).Select((r, i) => $"{i}: {r:P1}"));
                    page.Add(("PCA directions (GANSpace)", "pca-directions.png",
                        "The five directions along which 20,000 sampled ws vary most (principal components of W), applied to one face at " +
                        "-2 to +2 standard deviations. Each row is one knob the network learned without being told. Share of the " +
                        $"variance explained: {explained}."));
                });

            var html = $"<!doctype html><html><head><meta charset=\"utf-8\"><title>GanKit demo</title>" +
                       "<style>body{font-family:sans-serif;max-width:900px;margin:2em auto}img{image-rendering:pixelated;max-width:100%}</style></head><body>" +
                       $"<h1>GanKit demo</h1><p>Network: {WebUtility.HtmlEncode(nets.Source ?? "?")}, {G.Config.ImgResolution}×{G.Config.ImgResolution}.</p>" +
                       string.Concat(page.Select(p => $"<h2>{p.Title}</h2><p>{WebUtility.HtmlEncode(p.Text)}</p><img src=\"{p.File}\" alt=\"{p.Title}\">")) +
                       "</body></html>";
            var indexPath = Path.Combine(dir, "index.html");
            File.WriteAllText(indexPath + ".tmp", html);
            File.Move(indexPath + ".tmp", indexPath, overwrite: true);
            AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(dir)}[/]: truncation.png, style-mix.png, interpolation.png (animated), pca-directions.png, index.html");
            return 0;
        }));
        return command;
    }
}
