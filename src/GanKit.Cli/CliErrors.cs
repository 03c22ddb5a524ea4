using Spectre.Console;

namespace GanKit.Cli;

/// <summary>Runs a verb's body and turns expected failures into one clear line and a non-zero exit code.</summary>
internal static class CliErrors
{
    /// <summary>Exit code for bad input or a failed operation.</summary>
    public const int Failure = 1;

    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException or FormatException
                                      or InvalidOperationException or UnauthorizedAccessException or NotSupportedException
                                      or DllNotFoundException or GanKit.Torch.TorchException or GanKit.Torch.StateDictException
                                      || e.GetType().Name.EndsWith("FormatException", StringComparison.Ordinal))
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(e.Message)}");
            return Failure;
        }
    }
}
