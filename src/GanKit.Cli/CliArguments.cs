using System.Globalization;
using GanKit.Latent;
using GanKit.Networks;
using GanKit.Torch;
using Spectre.Console;

namespace GanKit.Cli;

/// <summary>Parsing and loading shared by the verbs, with errors naming the flag.</summary>
internal static class CliArguments
{
    /// <summary>Parses a comma-separated list of numbers, e.g. <c>--trunc 0.5,0.7,1</c>.</summary>
    public static double[] Numbers(string text, string flag)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) throw new ArgumentException($"{flag}: expected one or more numbers, got '{text}'");
        return parts.Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new ArgumentException($"{flag}: '{p}' is not a number (in '{text}')")).ToArray();
    }

    /// <summary>Parses seed-style ranges (<c>0-6</c>, <c>1,3,5</c>) as ints.</summary>
    public static int[] Ranges(string text, string flag) => Seeds.Parse(text, flag).Select(v => checked((int)v)).ToArray();

    /// <summary>Parses <c>--device</c> (cpu, cuda, cuda:N, auto); asking for CUDA where there is none is an error naming the flag.</summary>
    public static Device ParseDevice(string text, string flag = "--device")
    {
        Device device;
        try { device = Devices.Parse(text); }
        catch (ArgumentException) { throw new ArgumentException($"{flag} '{text}' is not one of cpu, cuda, cuda:N, auto"); }
        if (device.type == DeviceType.CUDA && !torch.cuda.is_available())
            throw new ArgumentException($"{flag} {text}: CUDA is not available here (this libtorch has no usable GPU); use --device cpu or auto");
        if (device.type == DeviceType.CUDA && device.index >= torch.cuda.device_count())
            throw new ArgumentException($"{flag} {text}: there are only {torch.cuda.device_count()} CUDA device(s) here (cuda:0 to cuda:{torch.cuda.device_count() - 1})");
        return device;
    }

    /// <summary>Loads a network file or pickle onto a device, with a spinner.</summary>
    public static NetworkSet LoadNetworks(string path, Device device)
    {
        NetworkSet? set = null;
        AnsiConsole.Status().Start($"Loading {Markup.Escape(Path.GetFileName(path))}", _ => set = NetworkFile.Load(path, device));
        var g = set!.G_ema.Config;
        AnsiConsole.MarkupLine($"[grey]{Markup.Escape(path)}: {g.ImgResolution}×{g.ImgResolution}, z {g.ZDim}, w {g.WDim}, " +
                               $"{set.G_ema.NumWs} ws{(g.CDim > 0 ? $", {g.CDim} classes" : "")}, on {device}[/]");
        return set;
    }

    /// <summary>
    /// The default networks (<see cref="DefaultNetwork"/>): the shipped avatars network, or the untrained demo network
    /// with a warning that says why.
    /// </summary>
    public static NetworkSet LoadDefaultNetworks(Device device)
    {
        var set = DefaultNetwork.Load(device);
        var g = set.G_ema.Config;
        WideWhenRedirected(); // the warning stays on one line in logs
        AnsiConsole.MarkupLine(set.Source != DefaultNetwork.FallbackSource
            ? $"[grey]{Markup.Escape(set.Source ?? "")}: {g.ImgResolution}×{g.ImgResolution}, on {device}[/]"
            : $"[yellow]warning:[/] using {Markup.Escape(set.Source ?? "")}; name a network with --network");
        return set;
    }

    /// <summary>Loads <paramref name="path"/>, or the default networks when it is null.</summary>
    public static NetworkSet LoadNetworksOrDefault(string? path, Device device) =>
        path is null ? LoadDefaultNetworks(device) : LoadNetworks(path, device);

    /// <summary>Writes a file's path relative to the current folder, for messages.</summary>
    public static string Show(string path) => Markup.Escape(Path.GetRelativePath(Environment.CurrentDirectory, path));

    /// <summary>Keeps tables and notes on one line each in logs and pipes, where Spectre would wrap them at 80 columns.</summary>
    public static void WideWhenRedirected()
    {
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 400);
    }

    /// <summary>Formats ψ for captions and file names.</summary>
    public static string Psi(double psi) => psi.ToString("0.###", CultureInfo.InvariantCulture);
}
