using System.CommandLine;
using System.Globalization;
using System.Text;
using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Training.Classifiers;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit classifier</c>: train the avatars' attribute classifier and report its held-out accuracy
/// (<c>train</c>), or label generated faces with it (<c>label</c>), e.g. as the labels of a supervised direction.
/// </summary>
internal static class ClassifierCommand
{
    public static Command Create()
    {
        var command = new Command("classifier", "Read the avatars' factors (smile, glasses, beard, ...) from images: train, or label generated faces");
        command.Subcommands.Add(TrainCommand());
        command.Subcommands.Add(LabelCommand());
        return command;
    }

    private static Command TrainCommand()
    {
        var data = new Option<string>("--data") { Description = "An avatars dataset made by 'gankit dataset avatars'", Required = true };
        var output = new Option<string>("--out") { Description = "Classifier file to write (.safetensors)", Required = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training images", DefaultValueFactory = _ => 6 };
        var batch = new Option<int>("--batch") { Description = "Images per step", DefaultValueFactory = _ => 64 };
        var heldOut = new Option<double>("--held-out") { Description = "Share of images kept out of training to measure accuracy", DefaultValueFactory = _ => 0.1 };
        var seed = new Option<int>("--seed") { Description = "Seed of the split, shuffling and initial weights", DefaultValueFactory = _ => 0 };
        var command = new Command("train", "Train the attribute classifier on an avatars dataset and print its held-out accuracy per factor")
        {
            data, output, epochs, batch, heldOut, seed,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var options = new AttributeClassifierOptions(parse.GetValue(epochs), parse.GetValue(batch), HeldOutFraction: parse.GetValue(heldOut), Seed: parse.GetValue(seed));
            var path = Path.GetFullPath(parse.GetValue(output)!);
            CliArguments.WideWhenRedirected();
            (AttributeClassifier Classifier, IReadOnlyList<AttributeAccuracy> HeldOut)? result = null;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("training", maxValue: 1);
                    result = AttributeClassifierTrainer.Train(parse.GetValue(data)!, options, (step, steps, loss) =>
                    {
                        task.MaxValue = steps;
                        task.Value = step;
                        task.Description = $"training, loss {loss:F3}";
                    });
                });
            using var classifier = result!.Value.Classifier;
            classifier.Save(path);
            var table = new Table().AddColumn("held-out accuracy").AddColumn(new TableColumn("accuracy").RightAligned())
                .AddColumn(new TableColumn("chance").RightAligned()).AddColumn(new TableColumn("images").RightAligned());
            foreach (var a in result.Value.HeldOut)
                table.AddRow(Markup.Escape(a.Name), $"{a.Accuracy:P1}", $"{a.Chance:P1}", a.Count.ToString(CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(path)}[/]");
            return 0;
        }));
        return command;
    }

    private static Command LabelCommand()
    {
        var classifierPath = new Option<string>("--classifier") { Description = "Classifier file from 'gankit classifier train'", Required = true };
        var network = new Option<string?>("--network") { Description = "Network file or .pkl (default: GanKit's avatars network)" };
        var seeds = new Option<string>("--seeds") { Description = "Seeds, e.g. 0-999", Required = true };
        var trunc = new Option<double>("--trunc") { Description = "Truncation ψ", DefaultValueFactory = _ => 1.0 };
        var factor = new Option<string?>("--factor") { Description = "Write seed,label for this factor (1 when it equals --value) instead of every factor" };
        var value = new Option<string?>("--value") { Description = "With --factor: the value that counts as 1 (e.g. --factor smile --value yes)" };
        var output = new Option<string>("--out") { Description = "CSV to write", Required = true };
        var device = new Option<string>("--device") { Description = "cpu, cuda or auto", DefaultValueFactory = _ => "auto" };
        var command = new Command("label", "Label generated faces: a CSV of seed and factor values (or seed,label for 'gankit directions --method supervised')")
        {
            classifierPath, network, seeds, trunc, factor, value, output, device,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var seedList = Seeds.Parse(parse.GetValue(seeds)!);
            var onlyFactor = parse.GetValue(factor);
            var positive = parse.GetValue(value);
            if ((onlyFactor is null) != (positive is null)) throw new ArgumentException("--factor and --value go together (e.g. --factor smile --value yes)");
            using var classifier = AttributeClassifier.Load(parse.GetValue(classifierPath)!);
            if (onlyFactor is not null)
            {
                var known = classifier.Factors.FirstOrDefault(f => f.Name == onlyFactor)
                            ?? throw new ArgumentException($"--factor '{onlyFactor}' is not read by this classifier: expected one of {string.Join(", ", classifier.Factors.Select(f => f.Name))}");
                if (!known.Values.Contains(positive!))
                    throw new ArgumentException($"--value '{positive}' is not a value of '{onlyFactor}': expected one of {string.Join(", ", known.Values)}");
            }
            var target = CliArguments.ParseDevice(parse.GetValue(device)!);
            using var nets = CliArguments.LoadNetworksOrDefault(parse.GetValue(network), target);
            classifier.to(target);
            var psi = parse.GetValue(trunc);
            var csv = new StringBuilder(onlyFactor is null ? "seed," + string.Join(",", classifier.Factors.Select(f => f.Name)) + "\n" : "seed,label\n");
            const int chunk = 64;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("labelling", maxValue: seedList.Count);
                    for (var start = 0; start < seedList.Count; start += chunk)
                    {
                        using var scope = torch.NewDisposeScope();
                        var part = seedList.Skip(start).Take(chunk).ToArray();
                        var predictions = classifier.Predict(nets.G_ema.Generate(part, psi));
                        for (var i = 0; i < part.Length; i++)
                        {
                            csv.Append(part[i].ToString(CultureInfo.InvariantCulture)).Append(',');
                            csv.Append(onlyFactor is null
                                ? string.Join(",", classifier.Factors.Select(f => predictions[i][f.Name].Value))
                                : predictions[i][onlyFactor].Value == positive ? "1" : "0");
                            csv.Append('\n');
                        }
                        task.Increment(part.Length);
                    }
                });
            var path = Path.GetFullPath(parse.GetValue(output)!);
            AtomicFile.WriteAllText(path, csv.ToString());
            AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(path)}[/]: {seedList.Count} seeds");
            return 0;
        }));
        return command;
    }
}
