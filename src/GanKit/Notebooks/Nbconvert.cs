using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GanKit.Notebooks;

/// <summary>
/// Runs a notebook in the real .NET Interactive kernel the way a person does headless: Jupyter's
/// <c>jupyter nbconvert --execute</c> on the <c>.net-csharp</c> kernel (both installed by environment/setup),
/// then <c>jupyter nbconvert --to html</c> for the page. GanKit adds only what nbconvert lacks: the failing
/// cell named in one line, cell timings, and the kernel's connection script taken out of the saved outputs.
/// </summary>
public static class Nbconvert
{
    /// <summary>The Jupyter kernel that <c>dotnet interactive jupyter install</c> registers for C#.</summary>
    public const string KernelName = ".net-csharp";

    /// <summary>
    /// Marks the script the kernel shows in the first cell it runs: it probes the kernel's HTTP port from the
    /// page and loads require.js from a CDN. Useful in a live Jupyter page; in a saved page the kernel is gone,
    /// so it only makes failing network requests.
    /// </summary>
    internal const string ConnectionScriptMarker = "dotnet-interactive-this-cell";

    /// <summary>
    /// Executes <paramref name="notebookPath"/> (unchanged) into <paramref name="outputFolder"/>: the executed
    /// notebook as <c>name.ipynb</c> (written even when a cell fails: every cell runs and errors stay in place)
    /// and, unless turned off, the page as <c>name.html</c>. The kernel runs in the notebook's folder, so
    /// relative paths in cells (such as the local package feed) resolve as in VS Code and Jupyter.
    /// </summary>
    /// <exception cref="FileNotFoundException">The notebook, or <c>jupyter</c>, is missing.</exception>
    /// <exception cref="ArgumentException">The output folder is the notebook's own folder (the notebook would be overwritten).</exception>
    public static async Task<NotebookExecution> ExecuteAsync(
        string notebookPath, string outputFolder, NbconvertOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new NbconvertOptions();
        var notebook = Path.GetFullPath(notebookPath);
        if (!File.Exists(notebook))
        {
            throw new FileNotFoundException($"notebook '{notebook}' does not exist.", notebook);
        }
        var folder = Path.GetFullPath(outputFolder);
        if (string.Equals(folder.TrimEnd(Path.DirectorySeparatorChar), Path.GetDirectoryName(notebook), StringComparison.Ordinal))
        {
            throw new ArgumentException($"the output folder must not be the notebook's own folder ({folder}): the executed copy would replace the notebook.", nameof(outputFolder));
        }
        Directory.CreateDirectory(folder);
        var jupyter = FindJupyter();
        var name = Path.GetFileNameWithoutExtension(notebook);
        var executedPath = Path.Combine(folder, name + ".ipynb");
        File.Delete(executedPath);
        var cellCount = NotebookDocument.Load(notebook).Cells.Count;

        var stopwatch = Stopwatch.StartNew();
        // Per-cell timeout off (nbclient's default is 30 s; a training cell takes longer): the whole run has one limit.
        var run = await RunAsync(jupyter,
            ["nbconvert", "--to", "notebook", "--execute", "--allow-errors",
             $"--ExecutePreprocessor.kernel_name={KernelName}", "--ExecutePreprocessor.timeout=-1",
             "--ExecutePreprocessor.startup_timeout=300",
             "--output-dir", folder, "--output", name, notebook],
            options, options.Timeout, cancellationToken).ConfigureAwait(false);
        var elapsed = stopwatch.Elapsed;
        var log = run.Output;

        if (run.TimedOut || !File.Exists(executedPath))
        {
            var why = run.TimedOut
                ? $"the notebook ran longer than its limit of {options.Timeout!.Value.TotalSeconds:0.#} s"
                : $"jupyter nbconvert failed (exit code {run.ExitCode}): {LastLines(log, 12)}";
            return new NotebookExecution(notebook, executedPath, null, elapsed, [], new NotebookFailure(null, cellCount, "", why), log);
        }

        var executed = NotebookDocument.Load(executedPath);
        RemoveConnectionScripts(executed);
        executed.Save(executedPath);
        var failure = FirstFailure(executed);

        string? htmlPath = null;
        if (options.Html)
        {
            var page = await RunAsync(jupyter, ["nbconvert", "--to", "html", "--output-dir", folder, "--output", name, executedPath],
                options, TimeSpan.FromMinutes(2), cancellationToken).ConfigureAwait(false);
            log += page.Output;
            var candidate = Path.Combine(folder, name + ".html");
            if (page.ExitCode == 0 && File.Exists(candidate))
            {
                htmlPath = candidate;
            }
            else
            {
                failure ??= new NotebookFailure(null, cellCount, "", $"jupyter nbconvert --to html failed (exit code {page.ExitCode}): {LastLines(page.Output, 12)}");
            }
        }
        return new NotebookExecution(notebook, executedPath, htmlPath, elapsed, CellTimes(executed), failure, log);
    }

    /// <summary>
    /// The first code cell with an error output: its position, first line and the kernel's message (the compiler's
    /// diagnostics, which the kernel writes to the cell's error stream, or the exception's first line).
    /// </summary>
    public static NotebookFailure? FirstFailure(NotebookDocument executed)
    {
        for (var index = 0; index < executed.Cells.Count; index++)
        {
            var cell = executed.Cells[index];
            var error = cell.Outputs.FirstOrDefault(o => NotebookOutputs.Kind(o) == "error");
            if (error is null)
            {
                continue;
            }
            var value = error["evalue"]?.GetValue<string>() ?? "";
            var message = value.Split('\n')[0].Trim();
            var diagnostics = string.Join("\n", cell.Outputs
                .Where(o => NotebookOutputs.Kind(o) == "stream" && o["name"]?.GetValue<string>() == "stderr")
                .Select(o => NotebookOutputs.GetStreamText(o).Trim())
                .Where(t => t.Length > 0));
            if (diagnostics.Length > 0 && (message.Length == 0 || message == "compilation error"))
            {
                message = $"{message}: {diagnostics}".TrimStart(':', ' ');
            }
            return new NotebookFailure(index, executed.Cells.Count, cell.FirstLine, message.Length > 0 ? message : "(the kernel gave no message)");
        }
        return null;
    }

    /// <summary>Takes the kernel's connection script (see <see cref="ConnectionScriptMarker"/>) out of every cell.</summary>
    public static void RemoveConnectionScripts(NotebookDocument executed)
    {
        foreach (var cell in executed.Cells)
        {
            cell.Outputs.RemoveAll(o => NotebookOutputs.GetData(o, "text/html")?.Contains(ConnectionScriptMarker, StringComparison.Ordinal) == true);
        }
    }

    /// <summary>Each executed code cell's time from nbclient's timing metadata (<c>metadata.execution</c>).</summary>
    public static IReadOnlyList<KeyValuePair<int, TimeSpan>> CellTimes(NotebookDocument executed)
    {
        var times = new List<KeyValuePair<int, TimeSpan>>();
        for (var index = 0; index < executed.Cells.Count; index++)
        {
            var execution = executed.Cells[index].Metadata["execution"];
            if (Timestamp(execution?["iopub.execute_input"]) is { } start && Timestamp(execution?["shell.execute_reply"]) is { } end)
            {
                times.Add(new(index, end - start));
            }
        }
        return times;
    }

    private static DateTimeOffset? Timestamp(System.Text.Json.Nodes.JsonNode? node) =>
        node?.GetValue<string>() is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : null;

    /// <summary>The <c>jupyter</c> command on PATH.</summary>
    private static string FindJupyter()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "jupyter"))
            .FirstOrDefault(File.Exists);
        return found ?? throw new FileNotFoundException(
            "jupyter (Debian's jupyter-nbconvert and jupyter-client) is not installed: run environment/setup in the GanKit repository.");
    }

    private sealed record ProcessResult(int ExitCode, bool TimedOut, string Output);

    private static async Task<ProcessResult> RunAsync(string jupyter, IEnumerable<string> arguments, NbconvertOptions options, TimeSpan? limit, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(jupyter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        // The kernel inherits this environment.
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (options.OfflinePlotly)
        {
            start.Environment["GANKIT_PLOTLY_OFFLINE"] = "1";
        }
        if (options.PlotlyBundle is { } bundle)
        {
            start.Environment["GANKIT_PLOTLY_JS"] = Path.GetFullPath(bundle);
        }

        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        void Append(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (output) { output.AppendLine(e.Data); }
            }
        }
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (limit is { } l)
        {
            timeout.CancelAfter(l);
        }
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // nbconvert, the kernel and anything it started go together.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            timedOut = true;
        }
        process.WaitForExit(); // flushes the redirected streams
        lock (output)
        {
            return new ProcessResult(process.ExitCode, timedOut, output.ToString());
        }
    }

    private static string LastLines(string text, int count) =>
        string.Join("\n", text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).TakeLast(count));
}
