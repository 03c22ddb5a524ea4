using System.CommandLine;
using GanKit.Training.Data;
using GanKit.Training.Data.Avatars;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit dataset</c>: photos in a folder or zip into a training dataset of square power-of-two PNGs, as the
/// reference dataset tool makes them, with a report of skipped files and a contact sheet.
/// </summary>
internal static class DatasetCommand
{
    private const int SkippedShown = 20;

    public static Command Create()
    {
        var source = new Option<string>("--source") { Description = "Folder of PNG/JPEG/WebP images (searched recursively) or a zip, optionally with dataset.json labels", Required = true };
        var dest = new Option<string>("--dest") { Description = "Dataset to write: OUT.zip, or a new or empty folder", Required = true };
        var resolution = new Option<int>("--resolution") { Description = "Side of the square output images (a power of two, e.g. 256)", Required = true };
        var transform = new Option<string>("--transform")
        {
            Description = "center-crop (central square), center-crop-wide (central 2:1 band, padded to a square) or none (square inputs only)",
            DefaultValueFactory = _ => "center-crop",
        };
        var maxImages = new Option<int?>("--max-images") { Description = "Write at most this many images" };
        var command = new Command("dataset", "Make a training dataset: square power-of-two crops, labels carried over, a contact sheet")
        {
            source, dest, resolution, transform, maxImages,
        };
        command.Subcommands.Add(AvatarsCommand());
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var options = new DatasetBuildOptions(parse.GetValue(source)!, parse.GetValue(dest)!, parse.GetValue(resolution),
                ParseTransform(parse.GetValue(transform)!), parse.GetValue(maxImages));
            CliArguments.WideWhenRedirected();
            DatasetBuildReport? report = null;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("images", autoStart: true, maxValue: 1);
                    report = DatasetBuilder.Build(options, (done, total) =>
                    {
                        task.MaxValue = total;
                        task.Value = done;
                    });
                    task.Value = task.MaxValue;
                });
            Print(report!);
            return 0;
        }));
        return command;
    }

    private static Command AvatarsCommand()
    {
        var count = new Option<int>("--count") { Description = "Number of faces", DefaultValueFactory = _ => 10000 };
        var resolution = new Option<int>("--resolution") { Description = "Side of the square images (a power of two, 8 to 1024)", DefaultValueFactory = _ => 64 };
        var seed = new Option<uint>("--seed") { Description = "Seed of the factor draws (the same seed gives the same bytes)", DefaultValueFactory = _ => 0 };
        var dest = new Option<string>("--dest") { Description = "Dataset to write: OUT.zip, or a new or empty folder", Required = true };
        var label = new Option<string?>("--label-factor")
        {
            Description = $"Also write class labels from one factor, for --cond training: {string.Join(", ", AvatarFactors.All.Select(f => f.Name))}",
        };
        var command = new Command("avatars", "Draw a dataset of cartoon faces (DiceBear avataaars) with known factors: smile, glasses, beard, hair, skin tone, ...")
        {
            count, resolution, seed, dest, label,
        };
        command.SetAction(parse => CliErrors.Run(() =>
        {
            var options = new AvatarDatasetOptions(parse.GetValue(dest)!, parse.GetValue(count), parse.GetValue(resolution),
                parse.GetValue(seed), parse.GetValue(label));
            CliArguments.WideWhenRedirected();
            DatasetBuildReport? report = null;
            AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("faces", autoStart: true, maxValue: options.Count);
                    report = AvatarDataset.Build(options, (done, _) => task.Value = done);
                    task.Value = task.MaxValue;
                });
            AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(report!.Dest)}[/]: {report.Written} faces, {report.Resolution}×{report.Resolution} RGB, " +
                                   $"{(report.Labelled ? $"labels from '{Markup.Escape(options.LabelFactor!)}'" : "no labels")}, attributes of every face in dataset.json");
            AnsiConsole.MarkupLine($"contact sheet: [green]{CliArguments.Show(report.ContactSheet)}[/]");
            return 0;
        }));
        return command;
    }

    private static DatasetTransform ParseTransform(string text) => text switch
    {
        "center-crop" => DatasetTransform.CenterCrop,
        "center-crop-wide" => DatasetTransform.CenterCropWide,
        "none" => DatasetTransform.None,
        _ => throw new ArgumentException($"--transform '{text}' is not one of center-crop, center-crop-wide, none"),
    };

    private static void Print(DatasetBuildReport report)
    {
        AnsiConsole.MarkupLine($"wrote [green]{CliArguments.Show(report.Dest)}[/]: {report.Written} images, {report.Resolution}×{report.Resolution} " +
                               $"{(report.Channels == 1 ? "greyscale" : "RGB")}, {(report.Labelled ? "labels carried over" : "no labels")} " +
                               $"({report.Found} found, {report.Skipped.Count} skipped)");
        AnsiConsole.MarkupLine($"contact sheet: [green]{CliArguments.Show(report.ContactSheet)}[/]");
        if (report.Skipped.Count == 0) return;
        AnsiConsole.MarkupLine($"[yellow]skipped {report.Skipped.Count} file(s):[/]");
        foreach (var s in report.Skipped.Take(SkippedShown))
            AnsiConsole.MarkupLine($"  {Markup.Escape(s.File)}: {Markup.Escape(s.Reason)}");
        if (report.Skipped.Count > SkippedShown)
            AnsiConsole.MarkupLine($"  ... and {report.Skipped.Count - SkippedShown} more");
    }
}
