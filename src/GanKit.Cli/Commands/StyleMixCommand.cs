using System.CommandLine;
using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Networks.Layers;
using GanKit.Torch;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit style-mix</c>: the style-mixing grid of the StyleGAN paper. The top row shows the column seeds, the left
/// column the row seeds; each cell is the row's ws with the listed style layers taken from the column.
/// </summary>
internal static class StyleMixCommand
{
    public static Command Create()
    {
        var network = new Option<string?>("--network") { Description = "Network file (.safetensors) or NVIDIA snapshot (.pkl) (default: GanKit's avatars network)" };
        var rows = new Option<string>("--rows") { Description = "Row seeds (the images that receive styles), e.g. 85,100", Required = true };
        var cols = new Option<string>("--cols") { Description = "Column seeds (the images that give styles), e.g. 55,821", Required = true };
        var styles = new Option<string>("--styles") { Description = "Style layers taken from the columns, e.g. 0-6 (coarse) or 8-13 (fine)", DefaultValueFactory = _ => "0-6" };
        var trunc = new Option<double>("--trunc") { Description = "Truncation ψ", DefaultValueFactory = _ => 1.0 };
        var noise = new Option<string>("--noise-mode") { Description = "const, random or none", DefaultValueFactory = _ => "const" };
        var classIndex = new Option<int?>("--class") { Description = "Class label for a conditional network" };
        var outdir = new Option<string>("--outdir") { Description = "Output folder", Required = true };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("style-mix", "Style-mixing grid: coarse, middle or fine styles of one seed onto another")
        {
            network, rows, cols, styles, trunc, noise, classIndex, outdir, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var rowSeeds = Seeds.Parse(parse.GetValue(rows)!, "--rows");
            var colSeeds = Seeds.Parse(parse.GetValue(cols)!, "--cols");
            var styleLayers = CliArguments.Ranges(parse.GetValue(styles)!, "--styles");
            var noiseMode = NoiseModes.Parse(parse.GetValue(noise)!);
            var dir = Path.GetFullPath(parse.GetValue(outdir)!);
            using var nets = CliArguments.LoadNetworksOrDefault(parse.GetValue(network), CliArguments.ParseDevice(parse.GetValue(device)!));
            var G = nets.G_ema;
            Directory.CreateDirectory(dir);

            StyleMixResult? result = null;
            AnsiConsole.Status().Start("mixing styles", _ =>
                result = StyleMixGrid.Compute(G, rowSeeds, colSeeds, styleLayers, parse.GetValue(trunc), noiseMode, parse.GetValue(classIndex)));
            foreach (var ((row, col), image) in result!.Cells) image.Save(Path.Combine(dir, $"{row}-{col}.png"));
            var path = Path.Combine(dir, "grid.png");
            result.ToGrid().WithTitle($"rows take styles {parse.GetValue(styles)} from columns").Save(path, Math.Max(1, 128 / G.Config.ImgResolution));
            AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(path)}[/] and {result.Cells.Count} cell images (styles {string.Join(",", styleLayers)} of {G.NumWs})");
            return 0;
        }));
        return command;
    }
}
