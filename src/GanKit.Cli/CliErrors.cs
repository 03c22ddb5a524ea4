using System.Runtime.InteropServices;
using System.Text.Json;
using Spectre.Console;

namespace GanKit.Cli;

/// <summary>
/// Runs a verb's body and turns failures into one clear line on stderr and a non-zero exit code, never a stack
/// trace: expected failures (bad input, unreadable files) exit with <see cref="Failure"/>; anything else is a bug,
/// reported as an internal error with exit code <see cref="InternalError"/> (the stack trace with <c>GANKIT_DEBUG=1</c>).
/// </summary>
internal static class CliErrors
{
    /// <summary>Exit code for bad input or a failed operation.</summary>
    public const int Failure = 1;

    /// <summary>Exit code for an unexpected exception (a GanKit bug).</summary>
    public const int InternalError = 2;

    /// <summary>Environment variable that, when set to 1, adds the stack trace to an internal error.</summary>
    public const string DebugVariable = "GANKIT_DEBUG";

    private static readonly Lazy<IAnsiConsole> Stderr = new(() => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(Console.Error),
    }));

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            var (exitCode, message) = Describe(e, Environment.GetEnvironmentVariable(DebugVariable) == "1");
            WriteError(message);
            return exitCode;
        }
    }

    /// <summary>The exit code and the <c>error:</c> text for a failure (the stack trace of an internal error only with <paramref name="debug"/>).</summary>
    internal static (int ExitCode, string Message) Describe(Exception e, bool debug = false)
    {
        if (IsExpected(e)) return (Failure, MessageOf(e));
        return (InternalError, $"internal error ({e.GetType().Name}): {e.Message}" +
                               (debug ? "\n" + e : $"\n(this is a GanKit bug; run with {DebugVariable}=1 for the stack trace)"));
    }

    /// <summary>
    /// The message without .NET's " (Parameter 'name')" suffix, which names a C# parameter, not a flag; a libtorch
    /// error without the C++ backtrace libtorch appends to it.
    /// </summary>
    private static string MessageOf(Exception e)
    {
        if (e is ExternalException) return "libtorch: " + LibTorchMessage(e.Message);
        var suffix = e is ArgumentException { ParamName: { } name } ? $" (Parameter '{name}')" : null;
        return suffix is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    /// <summary>
    /// libtorch's explanation on one line: TorchSharp passes on c10's full text, which continues with
    /// "Exception raised from ... (most recent call first):" and one "frame #N:" line per C++ stack frame.
    /// </summary>
    internal static string LibTorchMessage(string message)
    {
        var end = message.IndexOf("Exception raised from", StringComparison.Ordinal);
        var text = end >= 0 ? message[..end] : message;
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith("frame #", StringComparison.Ordinal));
        var oneLine = string.Join(" ", lines);
        return oneLine.Length > 0 ? oneLine : "an operation failed without an explanation";
    }

    /// <summary>
    /// Failures caused by the input (arguments, files, configuration) rather than by GanKit itself. libtorch's own
    /// errors (shapes, dtypes, devices, out of memory) reach .NET through TorchSharp as <see cref="ExternalException"/>.
    /// </summary>
    private static bool IsExpected(Exception e) =>
        e is ArgumentException or IOException or InvalidDataException or FormatException or JsonException
            or InvalidOperationException or UnauthorizedAccessException or NotSupportedException or DllNotFoundException
            or ExternalException or GanKitFormatException or GanKit.Torch.StateDictException;

    /// <summary>
    /// Writes <c>error: message</c> to stderr: coloured on a terminal, plain (and never re-wrapped, so file and key
    /// names stay whole) when redirected.
    /// </summary>
    public static void WriteError(string message)
    {
        if (Console.IsErrorRedirected)
        {
            Console.Error.WriteLine($"error: {message}");
            return;
        }
        Stderr.Value.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
    }
}
