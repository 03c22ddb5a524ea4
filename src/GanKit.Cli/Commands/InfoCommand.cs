using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using GanKit.Torch;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary><c>gankit info</c>: versions, devices and threads, for bug reports and set-up checks.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print GanKit, .NET and libtorch versions, devices and threads");
        command.SetAction(_ => CliErrors.Run(() =>
        {
            var table = new Table().HideHeaders().AddColumn("").AddColumn("");
            var version = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            table.AddRow("GanKit", Markup.Escape(version.Split('+')[0]));
            table.AddRow(".NET", Markup.Escape(RuntimeInformation.FrameworkDescription));
            table.AddRow("libtorch", Markup.Escape(torch.__version__) + (torch.cuda.is_built() ? " (CUDA build)" : " (CPU build)"));
            table.AddRow("CUDA available", torch.cuda.is_available() ? $"yes, {torch.cuda.device_count()} device(s)" : "no");
            table.AddRow("device", Device.Default.ToString());
            table.AddRow("intra-op threads", $"{torch.get_num_threads()} (of {Environment.ProcessorCount} cores)");
            table.AddRow("CPU tensor memory", torch.KeepsFreedMemory ? "freed blocks kept for reuse (GANKIT_MALLOC=system: C library default)" : "C library default");
            table.AddRow("OS", Markup.Escape(RuntimeInformation.OSDescription));
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }
}
