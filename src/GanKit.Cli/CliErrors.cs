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
        catch (Exception e) when (IsExpected(e))
        {
            WriteError(MessageOf(e));
            return Failure;
        }
        catch (Exception e)
        {
            var debug = Environment.GetEnvironmentVariable(DebugVariable) == "1";
            WriteError($"internal error ({e.GetType().Name}): {e.Message}" +
                       (debug ? "\n" + e : $"\n(this is a GanKit bug; run with {DebugVariable}=1 for the stack trace)"));
            return InternalError;
        }
    }

    /// <summary>The message without .NET's " (Parameter 'name')" suffix, which names a C# parameter, not a flag.</summary>
    private static string MessageOf(Exception e)
    {
        var suffix = e is ArgumentException { ParamName: { } name } ? $" (Parameter '{name}')" : null;
        return suffix is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }

    /// <summary>Failures caused by the input (arguments, files, configuration) rather than by GanKit itself.</summary>
    private static bool IsExpected(Exception e) =>
        e is ArgumentException or IOException or InvalidDataException or FormatException or JsonException
            or InvalidOperationException or UnauthorizedAccessException or NotSupportedException or DllNotFoundException
            or GanKitFormatException or GanKit.Torch.TorchException or GanKit.Torch.StateDictException;

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
