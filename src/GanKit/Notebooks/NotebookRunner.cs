using System.Collections.Immutable;
using System.Diagnostics;
using System.Text;
using GanKit.Visuals.Plotly;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace GanKit.Notebooks;

/// <summary>
/// Runs a notebook's C# cells headless, the way the .NET Interactive C# kernel does: one Roslyn script
/// continued cell by cell (so variables carry over), the kernel's default namespaces, <c>#r</c> relative to
/// the notebook's folder, the trailing expression of a cell displayed, <c>display(...)</c> available, and
/// Console output captured. Stops at the first failing cell. A <c>#r</c> to GanKit.dll also references
/// TorchSharp, so cells can write <c>using static TorchSharp.torch;</c> (see <see cref="LoadedAssemblyResolver"/>).
/// </summary>
public static class NotebookRunner
{
    /// <summary>The namespaces the .NET Interactive C# kernel imports into every notebook.</summary>
    public static IReadOnlyList<string> DefaultImports { get; } =
        ["System", "System.Text", "System.Collections", "System.Collections.Generic", "System.Threading.Tasks", "System.Linq"];

    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);
    private static readonly SemaphoreSlim OneRunAtATime = new(1, 1);

    /// <summary>Reads and runs the notebook at <paramref name="path"/>.</summary>
    public static async Task<NotebookRunResult> RunFileAsync(string path, NotebookRunOptions? options = null, CancellationToken cancellationToken = default) =>
        await RunAsync(NotebookDocument.Load(path), path, options, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs the code cells of <paramref name="notebook"/> in order; the notebook itself is not changed.</summary>
    /// <param name="notebook">The notebook.</param>
    /// <param name="notebookPath">Where the notebook lives: <c>#r</c> paths and (by default) the current directory are relative to its folder.</param>
    /// <param name="options">Timeout, offline plotly, logging.</param>
    /// <param name="cancellationToken">Stops the run between cells (and awaiting cells, which should pass it on).</param>
    public static async Task<NotebookRunResult> RunAsync(NotebookDocument notebook, string notebookPath, NotebookRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NotebookRunOptions();
        var folder = Path.GetDirectoryName(Path.GetFullPath(notebookPath)) ?? Environment.CurrentDirectory;
        var executed = notebook.WithoutOutputs();
        var stopwatch = Stopwatch.StartNew();

        // Plotly mode, current directory and libtorch's thread count are process-wide, so runs take turns and
        // each run leaves them as it found them (a lesson may run its tiny networks on one thread).
        await OneRunAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        var previousMode = PlotlyJs.Mode;
        var previousDirectory = Environment.CurrentDirectory;
        var previousThreads = TorchThreads();
        try
        {
            if (options.OfflinePlotly)
            {
                PlotlyJs.Mode = PlotlyJsMode.Offline;
            }
            if (options.UseNotebookFolderAsCurrentDirectory)
            {
                Environment.CurrentDirectory = folder;
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (options.Timeout is { } limit)
            {
                timeout.CancelAfter(limit);
            }
            var (failure, cellsRun) = await RunCellsAsync(executed, notebookPath, folder, options, timeout.Token, cancellationToken).ConfigureAwait(false);
            return new NotebookRunResult(executed, failure, cellsRun, stopwatch.Elapsed);
        }
        finally
        {
            PlotlyJs.Mode = previousMode;
            if (previousThreads is { } threads)
            {
                torch.set_num_threads(threads);
            }
            if (options.UseNotebookFolderAsCurrentDirectory)
            {
                Environment.CurrentDirectory = previousDirectory;
            }
            OneRunAtATime.Release();
        }
    }

    private static async Task<(NotebookFailure? Failure, int CellsRun)> RunCellsAsync(
        NotebookDocument notebook, string notebookPath, string folder, NotebookRunOptions options, CancellationToken token, CancellationToken userToken)
    {
        var globals = new NotebookGlobals();
        var baseOptions = CreateOptions(folder);
        var name = Path.GetFileNameWithoutExtension(notebookPath);
        ScriptState<object>? state = null;
        var cellsRun = 0;
        for (var index = 0; index < notebook.Cells.Count; index++)
        {
            var cell = notebook.Cells[index];
            if (!cell.IsCode || !IsCSharp(cell))
            {
                continue;
            }
            var code = Prepare(cell.Source);
            cellsRun++;
            cell.ExecutionCount = cellsRun;
            if (string.IsNullOrWhiteSpace(code))
            {
                continue;
            }
            var cellPath = Path.Combine(folder, $"{name}.cell{index}.csx");
            var collector = new CellOutputCollector(cell);
            globals.Current = collector;
            ConsoleCapture.Current = collector;
            var started = Stopwatch.StartNew();
            NotebookFailure? failure = null;
            try
            {
                var cellOptions = baseOptions.WithFilePath(cellPath);
                var run = state is null
                    ? CSharpScript.RunAsync<object>(code, cellOptions, globals, typeof(NotebookGlobals), token)
                    : state.ContinueWithAsync<object>(code, cellOptions, token);
                state = await run.WaitAsync(token).ConfigureAwait(false);
                collector.Flush();
                if (state.ReturnValue is { } value)
                {
                    collector.Display(value, []);
                }
            }
            catch (CompilationErrorException e)
            {
                var errors = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                var first = errors.FirstOrDefault() ?? e.Diagnostics.First();
                var message = string.Join("\n", errors.Select(d => DescribeDiagnostic(d, cellPath)));
                if (errors.Any(d => d.Id == "CS0006" && d.GetMessage().Contains("GanKit.dll", StringComparison.OrdinalIgnoreCase)))
                {
                    message += "\nGanKit is not built yet: run environment/setup and then dotnet build in the repository.";
                }
                if (errors.Any(d => d.GetMessage().Contains("nuget:", StringComparison.OrdinalIgnoreCase)))
                {
                    message += "\nThe GanKit notebook runner does not restore NuGet packages (#r \"nuget: ...\"); reference built DLLs instead.";
                }
                failure = Fail(notebook, index, first.Location.GetLineSpan().StartLinePosition.Line + 1, NotebookFailureKind.Compilation, message);
                collector.AddOutput(NotebookOutputs.Error("CompilationError", message, [message]));
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                var cancelled = userToken.IsCancellationRequested;
                var message = cancelled
                    ? "the run was cancelled"
                    : $"the notebook ran longer than its limit of {options.Timeout!.Value.TotalSeconds:0.#} s";
                failure = Fail(notebook, index, null, cancelled ? NotebookFailureKind.Cancelled : NotebookFailureKind.Timeout, message);
                collector.AddOutput(NotebookOutputs.Error(cancelled ? "Cancelled" : "Timeout", message, [message]));
            }
            catch (Exception e)
            {
                var line = LineInCell(e, cellPath);
                var message = $"{e.GetType().FullName}: {e.Message}";
                failure = Fail(notebook, index, line, NotebookFailureKind.Exception, message);
                collector.AddOutput(NotebookOutputs.Error(e.GetType().Name, e.Message, e.ToString().Split('\n').Select(l => l.TrimEnd('\r'))));
            }
            finally
            {
                collector.Flush();
                ConsoleCapture.Current = null;
            }
            options.Log?.Invoke(failure is null
                ? $"cell {index + 1}/{notebook.Cells.Count} ok ({started.Elapsed.TotalSeconds:0.0} s): {cell.FirstLine}"
                : $"cell {index + 1}/{notebook.Cells.Count} FAILED: {failure}");
            if (failure is not null)
            {
                return (failure, cellsRun);
            }
        }
        return (null, cellsRun);
    }

    /// <summary>libtorch's intra-op thread count, or null where libtorch cannot load (cells that use it then fail with its message).</summary>
    private static int? TorchThreads()
    {
        try
        {
            return torch.get_num_threads();
        }
        catch (Exception)
        {
            // Notebooks that show only figures and images must still run.
            return null;
        }
    }

    private static ScriptOptions CreateOptions(string folder) =>
        ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithReferences(FrameworkReferences.Value)
            .WithImports(DefaultImports)
            .WithMetadataResolver(new LoadedAssemblyResolver(ScriptMetadataResolver.Default.WithBaseDirectory(folder)))
            .WithSourceResolver(new SourceFileResolver(ImmutableArray<string>.Empty, folder))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8);

    /// <summary>Every assembly of the shared framework the runner itself runs on, as the kernel references them.</summary>
    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        var frameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location);
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator);
        return [.. trusted
            .Where(p => p.Length > 0 && string.Equals(Path.GetDirectoryName(p), frameworkFolder, StringComparison.Ordinal))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))];
    }

    /// <summary>
    /// Blanks Polyglot magic commands (<c>#!time</c>, <c>#!csharp</c>) and <c>#i</c> source lines, which are
    /// kernel directives rather than C#, keeping line numbers intact.
    /// </summary>
    private static string Prepare(string source)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (trimmed.StartsWith("#!", StringComparison.Ordinal) || trimmed.StartsWith("#i ", StringComparison.Ordinal))
            {
                lines[i] = "";
            }
        }
        return string.Join("\n", lines);
    }

    /// <summary>A cell is C# unless its metadata or first-line magic names another kernel.</summary>
    private static bool IsCSharp(NotebookCell cell)
    {
        var firstLine = cell.Source.TrimStart().Split('\n')[0].Trim();
        if (firstLine.StartsWith("#!", StringComparison.Ordinal))
        {
            return firstLine is "#!csharp" or "#!c#" or "#!C#" || !IsKernelMagic(firstLine);
        }
        return cell.KernelName is null or "csharp" or "C#" or "c#";
    }

    private static bool IsKernelMagic(string line) =>
        line is "#!fsharp" or "#!f#" or "#!pwsh" or "#!powershell" or "#!javascript" or "#!js" or "#!html" or "#!markdown"
            or "#!mermaid" or "#!sql" or "#!kql" or "#!value" or "#!http";

    private static NotebookFailure Fail(NotebookDocument notebook, int index, int? line, NotebookFailureKind kind, string message) =>
        new(index, notebook.Cells.Count, notebook.Cells[index].FirstLine, line, kind, message);

    private static string DescribeDiagnostic(Diagnostic diagnostic, string cellPath)
    {
        var span = diagnostic.Location.GetLineSpan();
        var where = span.Path == cellPath || string.IsNullOrEmpty(span.Path)
            ? $"line {span.StartLinePosition.Line + 1}, column {span.StartLinePosition.Character + 1}"
            : $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
        return $"{where}: error {diagnostic.Id}: {diagnostic.GetMessage()}";
    }

    /// <summary>The line in the cell where the exception (or its innermost cause) passed through cell code.</summary>
    private static int? LineInCell(Exception exception, string cellPath)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var frame = new StackTrace(e, fNeedFileInfo: true).GetFrames()
                .FirstOrDefault(f => string.Equals(f.GetFileName(), cellPath, StringComparison.Ordinal) && f.GetFileLineNumber() > 0);
            if (frame is not null)
            {
                return frame.GetFileLineNumber();
            }
        }
        return null;
    }
}
