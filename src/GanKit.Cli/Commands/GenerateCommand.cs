using System.CommandLine;
using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Networks.Layers;
using GanKit.Torch;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit generate</c>: images from seeds with truncation ψ, as the reference <c>generate.py</c>; with several ψ
/// and <c>--grid</c>, the classic truncation table (rows seeds, columns ψ).
/// </summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var network = new Option<string?>("--network") { Description = "Network file (.safetensors) or NVIDIA snapshot (.pkl) (default: GanKit's avatars network)" };
        var seeds = new Option<string?>("--seeds") { Description = "Seeds, e.g. 0-3,7 (or --projected-w)" };
        var projectedW = new Option<string?>("--projected-w")
        {
            Description = "Latents from 'gankit project' or the reference projector (projected_w.npz, key w [N, num_ws, w_dim]): writes proj00.png, ...",
        };
        var trunc = new Option<string>("--trunc") { Description = "Truncation ψ, or a list for a truncation table (0.5,0.7,1)", DefaultValueFactory = _ => "1" };
        var cutoff = new Option<int?>("--trunc-cutoff") { Description = "Truncate only the first N ws (coarse layers)" };
        var noise = new Option<string>("--noise-mode") { Description = "const, random or none", DefaultValueFactory = _ => "const" };
        var classIndex = new Option<int?>("--class") { Description = "Class label for a conditional network" };
        var outdir = new Option<string>("--outdir") { Description = "Output folder", Required = true };
        var grid = new Option<bool>("--grid") { Description = "Write one captioned grid.png instead of one file per seed" };
        var batch = new Option<int?>("--batch")
        {
            Description = "Images per forward pass (default: 8 on CUDA; on the CPU by resolution, 4 at 256², 1 from 512² up)",
        };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("generate", "Generate images from seeds")
        {
            network, seeds, projectedW, trunc, cutoff, noise, classIndex, outdir, grid, batch, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var projectedPath = parse.GetValue(projectedW);
            var seedText = parse.GetValue(seeds);
            if (projectedPath is not null && seedText is not null) throw new ArgumentException("give --seeds or --projected-w, not both");
            if (projectedPath is not null) return GenerateProjected(parse.GetValue(network), projectedPath, NoiseModes.Parse(parse.GetValue(noise)!),
                Path.GetFullPath(parse.GetValue(outdir)!), CliArguments.ParseDevice(parse.GetValue(device)!));
            if (seedText is null) throw new ArgumentException("--seeds is required (e.g. --seeds 0-3,7), or --projected-w FILE");
            var seedList = Seeds.Parse(seedText);
            var psis = CliArguments.Numbers(parse.GetValue(trunc)!, "--trunc");
            var noiseMode = NoiseModes.Parse(parse.GetValue(noise)!);
            var requestedBatch = parse.GetValue(batch);
            if (requestedBatch < 1) throw new ArgumentException($"--batch must be at least 1, got {requestedBatch}");
            var target = CliArguments.ParseDevice(parse.GetValue(device)!);
            var trunCutoff = parse.GetValue(cutoff);
            if (trunCutoff < 0) throw new ArgumentException($"--trunc-cutoff must be 0 or more (the number of leading ws to truncate), got {trunCutoff}");
            var dir = Path.GetFullPath(parse.GetValue(outdir)!);
            using var nets = CliArguments.LoadNetworksOrDefault(parse.GetValue(network), target);
            var G = nets.G_ema;
            var batchSize = requestedBatch ?? G.DefaultBatchSize();
            var label = parse.GetValue(classIndex);
            SeedLatents.Labels(G.mapping.CDim, label, 1)?.Dispose(); // validate --class before any work
            Directory.CreateDirectory(dir);

            var images = new RgbImage[seedList.Count, psis.Length];
            var jobs = (from p in Enumerable.Range(0, psis.Length) from s in Enumerable.Range(0, seedList.Count) select (s, p))
                .Chunk(batchSize).ToArray();
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("generating", maxValue: seedList.Count * psis.Length);
                    foreach (var chunk in jobs)
                    {
                        // One batch per ψ group keeps truncation a single mapping call.
                        foreach (var group in chunk.GroupBy(j => j.p))
                        {
                            using var scope = torch.NewDisposeScope();
                            var batchSeeds = group.Select(j => seedList[j.s]).ToArray();
                            var output = G.Generate(batchSeeds, psis[group.Key], trunCutoff, noiseMode, label, batchSize);
                            var rgb = TensorImageConversion.ToImages(output);
                            var k = 0;
                            foreach (var (s, p) in group) images[s, p] = rgb[k++];
                            task.Increment(batchSeeds.Length);
                        }
                    }
                });

            if (parse.GetValue(grid))
            {
                ImageGrid table;
                if (psis.Length > 1)
                {
                    table = new ImageGrid(psis.Length);
                    for (var s = 0; s < seedList.Count; s++)
                        for (var p = 0; p < psis.Length; p++) table.Add(images[s, p]);
                    table.WithRowLabels(seedList.Select(v => $"seed {v}").ToArray())
                        .WithColumnLabels(psis.Select(v => $"psi {CliArguments.Psi(v)}").ToArray())
                        .WithTitle("truncation: rows seeds, columns psi");
                }
                else
                {
                    table = ImageGrid.Of(Enumerable.Range(0, seedList.Count).Select(s => images[s, 0].WithCaption($"seed {seedList[s]}")),
                        Math.Min(seedList.Count, 8)).WithTitle($"psi {CliArguments.Psi(psis[0])}");
                }
                var path = Path.Combine(dir, "grid.png");
                // Small networks' images are scaled up so captions fit and pixels stay crisp.
                table.Save(path, Math.Max(1, 128 / G.Config.ImgResolution));
                AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(path)}[/] ({seedList.Count}×{psis.Length} images)");
            }
            else
            {
                for (var s = 0; s < seedList.Count; s++)
                {
                    for (var p = 0; p < psis.Length; p++)
                    {
                        var name = psis.Length == 1 ? $"seed{seedList[s]:D4}.png" : $"seed{seedList[s]:D4}-psi{CliArguments.Psi(psis[p])}.png";
                        images[s, p].Save(Path.Combine(dir, name));
                    }
                }
                AnsiConsole.MarkupLine($"wrote [green]{seedList.Count * psis.Length}[/] PNG(s) to {CliArguments.Show(dir)}");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// One image per row of a projected-latents file (<c>proj00.png</c>, ...), as the reference <c>generate.py --projected-w</c>
    /// writes them. The noise is the network's own (const by default), not the maps the projector optimised.
    /// </summary>
    private static int GenerateProjected(string? networkPath, string file, NoiseMode noiseMode, string dir, Device device)
    {
        if (!File.Exists(file)) throw new FileNotFoundException($"--projected-w '{file}' does not exist: expected projected_w.npz from gankit project or the reference projector", file);
        using var nets = CliArguments.LoadNetworksOrDefault(networkPath, device);
        var G = nets.G_ema;
        using var ws = GanKit.Formats.Numpy.ProjectedLatents.Load(file, G.NumWs, G.Config.WDim, G.device);
        Directory.CreateDirectory(dir);
        for (var i = 0; i < ws.shape[0]; i++)
        {
            using var scope = torch.NewDisposeScope();
            using var noGrad = torch.no_grad();
            var image = G.synthesis.forward(ws.narrow(0, i, 1), noiseMode);
            TensorImageConversion.ToImage(image).Save(Path.Combine(dir, $"proj{i:D2}.png"));
        }
        AnsiConsole.MarkupLine($"wrote [green]{ws.shape[0]}[/] PNG(s) (proj00.png, ...) from {CliArguments.Show(Path.GetFullPath(file))} to {CliArguments.Show(dir)}");
        return 0;
    }
}
