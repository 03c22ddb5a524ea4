using System.CommandLine;
using GanKit.Networks.Layers;
using GanKit.Visuals.Game;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit game</c>: "Which face is real?" as one self-contained HTML page: pairs of a real image from a dataset and
/// a generated one, the player clicks the real one, the page keeps score and reveals what gave each fake away.
/// </summary>
internal static class GameCommand
{
    public static Command Create()
    {
        var network = new Option<string?>("--network") { Description = "Network file (.safetensors) or NVIDIA snapshot (.pkl) (default: GanKit's avatars network)" };
        var data = new Option<string>("--data") { Description = "Real images: a dataset zip or a folder of square images", Required = true };
        var pairs = new Option<int>("--pairs") { Description = "Rounds, each one real and one generated face", DefaultValueFactory = _ => 10 };
        var outFile = new Option<string>("--out") { Description = "The HTML page to write, e.g. game.html", Required = true };
        var seed = new Option<uint>("--seed") { Description = "Seed for the real images, the fakes' latent seeds and the sides", DefaultValueFactory = _ => 0 };
        var psi = new Option<double>("--psi") { Description = "Truncation ψ of the generated faces", DefaultValueFactory = _ => 0.7 };
        var noise = new Option<string>("--noise-mode") { Description = "const, random or none", DefaultValueFactory = _ => "const" };
        var classIndex = new Option<int?>("--class") { Description = "Class of a conditional network's fakes (default: drawn per pair)" };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("game", "\"Which face is real?\": a self-contained HTML game of real against generated faces")
        {
            network, data, pairs, outFile, seed, psi, noise, classIndex, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var count = parse.GetValue(pairs);
            if (count < 1) throw new ArgumentException($"--pairs must be at least 1, got {count}");
            var dataPath = parse.GetValue(data)!;
            if (!File.Exists(dataPath) && !Directory.Exists(dataPath))
                throw new FileNotFoundException($"--data '{dataPath}' does not exist: expected a dataset zip or a folder of images", dataPath);
            var psiValue = parse.GetValue(psi);
            if (!double.IsFinite(psiValue)) throw new ArgumentException($"--psi must be a finite number, got {psiValue}");
            var path = Path.GetFullPath(parse.GetValue(outFile)!);
            var options = new WhichFaceIsRealOptions(count, parse.GetValue(seed), psiValue)
            {
                NoiseMode = NoiseModes.Parse(parse.GetValue(noise)!),
                ClassIndex = parse.GetValue(classIndex),
            };
            using var nets = CliArguments.LoadNetworksOrDefault(parse.GetValue(network), CliArguments.ParseDevice(parse.GetValue(device)!));

            WhichFaceIsReal? game = null;
            AnsiConsole.Status().Start($"drawing {count} pairs", _ => game = WhichFaceIsReal.Create(nets.G_ema, dataPath, options));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            game!.Save(path);
            var measured = game.Pairs.Count(p => p.Tells.Count > 0);
            AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(path)}[/]: {count} pairs of {game.ImageSize}×{game.ImageSize} faces " +
                                   $"(ψ {CliArguments.Psi(psiValue)}, seed {options.Seed}); a measured tell for {measured} of {count} fakes");
            return 0;
        }));
        return command;
    }
}
