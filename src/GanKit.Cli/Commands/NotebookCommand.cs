using System.CommandLine;
using GanKit.Notebooks;

namespace GanKit.Cli.Commands;

/// <summary>
/// <c>gankit notebook run|clean|check</c>: run a Polyglot notebook headless in the .NET Interactive kernel (a thin
/// wrapper over <c>jupyter nbconvert --execute</c>, writing the executed notebook and nbconvert's HTML handout),
/// strip outputs before committing, and check committed notebooks.
/// </summary>
public static class NotebookCommand
{
    /// <summary>Builds the <c>notebook</c> command and its subcommands.</summary>
    public static Command Create()
    {
        var command = new Command("notebook", "Run, clean and check .NET Interactive (Polyglot) notebooks.");
        command.Subcommands.Add(CreateRun());
        command.Subcommands.Add(CreateClean());
        command.Subcommands.Add(CreateCheck());
        return command;
    }

    private static Command CreateRun()
    {
        var notebook = new Argument<FileInfo>("notebook") { Description = "The .ipynb file to run." };
        var output = new Option<FileInfo?>("--out") { Description = "Write the executed notebook (with outputs) here." };
        var html = new Option<FileInfo?>("--html") { Description = "Write nbconvert's HTML page of the executed notebook here." };
        var timeout = new Option<double?>("--timeout") { Description = "Fail when the whole notebook takes longer than this many seconds." };
        var offline = new Option<bool>("--offline-plotly")
        {
            Description = "Inline plotly.js from build/plotly (environment/install-browser) instead of the CDN, so pages work offline.",
        };
        var command = new Command("run",
            "Run a notebook in the .NET Interactive kernel (jupyter nbconvert --execute) and report the first failing cell.")
        {
            notebook, output, html, timeout, offline,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(notebook)!.FullName;
            if (!File.Exists(path))
            {
                Console.Error.WriteLine($"error: notebook '{path}' does not exist.");
                return 2;
            }
            var scratch = Directory.CreateTempSubdirectory("gankit-notebook-run-");
            try
            {
                NotebookExecution result;
                try
                {
                    result = await Nbconvert.ExecuteAsync(path, scratch.FullName, new NbconvertOptions
                    {
                        Timeout = parse.GetValue(timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                        OfflinePlotly = parse.GetValue(offline),
                        Html = parse.GetValue(html) is not null,
                    }, cancellationToken);
                }
                catch (Exception e) when (e is InvalidDataException or IOException)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return 2;
                }
                // Written even when a cell failed: the error output shows where.
                if (parse.GetValue(output) is { } outFile && File.Exists(result.ExecutedPath))
                {
                    Copy(result.ExecutedPath, outFile.FullName);
                }
                if (parse.GetValue(html) is { } htmlFile && result.HtmlPath is { } page)
                {
                    Copy(page, htmlFile.FullName);
                }
                var document = File.Exists(result.ExecutedPath) ? NotebookDocument.Load(result.ExecutedPath) : null;
                foreach (var (index, time) in result.CellTimes)
                {
                    Console.WriteLine($"cell {index + 1}/{document!.Cells.Count} {time.TotalSeconds,6:0.0} s: {document.Cells[index].FirstLine}");
                }
                if (result.Failure is { } failure)
                {
                    Console.Error.WriteLine($"error: {Path.GetFileName(path)}: {failure}");
                    return 1;
                }
                Console.WriteLine($"{Path.GetFileName(path)}: ran in {result.Elapsed.TotalSeconds:0.0} s");
                return 0;
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        });
        return command;
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(to))!);
        File.Copy(from, to, overwrite: true);
        Console.WriteLine($"wrote {Path.GetFullPath(to)}");
    }

    private static Command CreateClean()
    {
        var notebooks = new Argument<FileInfo[]>("notebooks") { Description = "The .ipynb files to clean in place.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("clean", "Remove outputs and execution counts and set the Polyglot C# metadata, in place.") { notebooks };
        command.SetAction(parse =>
        {
            foreach (var file in parse.GetValue(notebooks)!)
            {
                var document = NotebookDocument.Load(file.FullName).WithoutOutputs();
                PolyglotMetadata.Apply(document);
                document.Save(file.FullName);
                Console.WriteLine($"cleaned {file.FullName}");
            }
            return 0;
        });
        return command;
    }

    private static Command CreateCheck()
    {
        var notebooks = new Argument<FileInfo[]>("notebooks") { Description = "The .ipynb files to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", "Fail when a notebook carries outputs or lacks the Polyglot C# metadata.") { notebooks };
        command.SetAction(parse =>
        {
            var failed = 0;
            foreach (var file in parse.GetValue(notebooks)!)
            {
                var problems = PolyglotMetadata.FindProblems(NotebookDocument.Load(file.FullName));
                foreach (var problem in problems)
                {
                    Console.Error.WriteLine($"{file.Name}: {problem}");
                }
                failed += problems.Count > 0 ? 1 : 0;
            }
            return failed == 0 ? 0 : 1;
        });
        return command;
    }
}
