using System.Diagnostics;

namespace GanKit.Tests.Cli;

/// <summary>What one run of the command line left: exit code and both streams.</summary>
public sealed record CliResult(string[] Arguments, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Both streams, for messages that may go to either.</summary>
    public string Output => Stdout + "\n" + Stderr;

    public override string ToString() =>
        $"gankit {string.Join(' ', Arguments)} → exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs <c>gankit</c> as its own process (<c>dotnet GanKit.Cli.dll</c>, copied beside the tests by the project
/// reference), so exit codes, streams and native crashes are seen exactly as a user sees them.
/// </summary>
public static class CliProcess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    /// <summary>The CLI assembly beside the test binaries.</summary>
    public static string Dll
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "GanKit.Cli.dll");
            if (!File.Exists(path)) throw new FileNotFoundException($"GanKit.Cli.dll is not beside the tests in {AppContext.BaseDirectory}", path);
            return path;
        }
    }

    /// <summary>Runs the CLI with <paramref name="args"/> in <paramref name="workingDirectory"/> and waits for it.</summary>
    public static CliResult Run(string workingDirectory, params string[] args) => RunWith(null, workingDirectory, args);

    /// <summary>As <see cref="Run"/>, with environment variables set (a null value removes one), e.g. a PATH without Node.js.</summary>
    public static CliResult RunWith(IReadOnlyDictionary<string, string?>? environment, string workingDirectory, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("GANKIT_DEBUG");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gankit {string.Join(' ', args)} did not finish within {Timeout.TotalSeconds} s");
        }
        process.WaitForExit();
        return new CliResult(args, process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Asserts a successful run.</summary>
    public static CliResult Succeeds(string workingDirectory, params string[] args)
    {
        var result = Run(workingDirectory, args);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }

    /// <summary>
    /// Asserts a clean refusal: exit code 1 (not a crash signal, not an internal error), an <c>error:</c> line on
    /// stderr holding every expected fragment, and no stack trace or unhandled-exception report.
    /// </summary>
    public static CliResult FailsCleanly(string workingDirectory, string[] args, params string[] expected) =>
        AssertFailsCleanly(Run(workingDirectory, args), expected);

    /// <summary>Asserts that <paramref name="result"/> is a clean refusal, as <see cref="FailsCleanly"/> describes.</summary>
    public static CliResult AssertFailsCleanly(CliResult result, params string[] expected)
    {
        Assert.True(result.ExitCode == 1, $"expected exit code 1\n{result}");
        foreach (var fragment in expected) Assert.True(result.Output.Contains(fragment, StringComparison.Ordinal), $"'{fragment}' not reported\n{result}");
        Assert.False(result.Output.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase), result.ToString());
        Assert.False(result.Output.Contains("internal error", StringComparison.Ordinal), result.ToString());
        Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", result.Output); // a .NET stack frame
        Assert.False(result.Output.Contains("terminate called", StringComparison.Ordinal), result.ToString()); // a C++ abort
        return result;
    }
}
