using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using GanKit.Networks;
using GanKit.Torch;
using GanKit.Torch.NativeCompat;
using Spectre.Console;

namespace GanKit.Cli.Commands;

/// <summary><c>gankit info</c>: versions, devices and threads, for bug reports and set-up checks.</summary>
internal static class InfoCommand
{
    public static Command Create()
    {
        var command = new Command("info", "Print GanKit, .NET, TorchSharp and libtorch versions, devices, threads and native set-up");
        command.SetAction(_ => CliErrors.Run(() =>
        {
            TorchRuntime.EnsureInitialized();
            CliArguments.WideWhenRedirected(); // a long path stays whole in bug reports
            var table = new Table().HideHeaders().AddColumn("").AddColumn("");
            var version = typeof(Generator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
            table.AddRow("GanKit", Markup.Escape(version.Split('+')[0]));
            table.AddRow(".NET", Markup.Escape(RuntimeInformation.FrameworkDescription));
            table.AddRow("TorchSharp", Markup.Escape(TorchRuntime.TorchSharpVersion));
            var cudaAvailable = torch.cuda.is_available();
            table.AddRow("libtorch", Markup.Escape(TorchRuntime.LibTorchVersion) + (cudaAvailable || IsCudaBuild() ? " (CUDA build)" : " (CPU build)"));
            table.AddRow("CUDA available", cudaAvailable ? $"yes, {torch.cuda.device_count()} device(s)" : "no");
            table.AddRow("device", Markup.Escape(Devices.Default.ToString()));
            table.AddRow("intra-op threads", $"{torch.get_num_threads()} (of {Environment.ProcessorCount} cores)");
            table.AddRow("oneDNN convolutions", TorchRuntime.OneDnnConvolution switch
            {
                OneDnnConvolutionMode.Right => "on (right on this CPU)",
                OneDnnConvolutionMode.ChannelsPadded => "on, with channels padded (this CPU's oneDNN is wrong for some channel counts)",
                _ => "off (wrong on this CPU even with channels padded, or GANKIT_ONEDNN=off)",
            });
            table.AddRow("CPU tensor memory", TorchRuntime.KeepsFreedMemory
                ? "freed blocks kept for reuse (GANKIT_MALLOC=system: C library default)"
                : "C library default");
            table.AddRow("libstdc++ compatibility copy", Markup.Escape(TorchRuntime.LibStdCxxCompatCopy is { } copy
                ? $"in use: {copy} (the system libstdc++ lacks {string.Join(", ", LibStdCxxCompat.MissingVersions)})"
                : OperatingSystem.IsLinux()
                    ? "not needed (the system libstdc++ has every version libLibTorchSharp.so needs)"
                    : "not needed (not Linux)"));
            table.AddRow("scalar frees", Markup.Escape(TorchRuntime.DeferredScalarReleaseLibrary is { } shim
                ? $"delayed by {shim} (closes TorchSharp's scalar use-after-free race)"
                : $"immediate, as TorchSharp does ({TorchRuntime.DeferredScalarReleaseMissing})"));
            table.AddRow("OS", Markup.Escape(RuntimeInformation.OSDescription));
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    /// <summary>
    /// Whether this libtorch has CUDA support compiled in (even with no GPU present): TorchSharp offers no such query,
    /// but only the CUDA packages ship <c>libtorch_cuda</c>, found where TorchSharp itself looks for it.
    /// </summary>
    private static bool IsCudaBuild()
    {
        // Already loaded by torch.cuda.is_available() where it exists; never unloaded (libtorch does not support that).
        return NativeLibrary.TryLoad("torch_cuda", typeof(torch).Assembly, null, out _);
    }
}
