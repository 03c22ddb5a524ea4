using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GanKit.Tests.Cli;

namespace GanKit.Tests.Latent.InterpolationVideos;

/// <summary>What ffprobe says about a file's first video stream, frames counted by decoding them all.</summary>
internal sealed record ProbedVideo(string Codec, int Width, int Height, string FrameRate, int DecodedFrames);

/// <summary>Running <c>gankit</c> with a chosen environment and watching its memory; asking ffprobe about outputs.</summary>
internal static class VideoProcess
{
    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, name)).FirstOrDefault(File.Exists);

    /// <summary>ffprobe's view of <paramref name="file"/>; fails the test (naming environment/setup) when ffprobe is missing.</summary>
    public static ProbedVideo Probe(string file)
    {
        var ffprobe = Which("ffprobe") ?? throw new Xunit.Sdk.XunitException("ffprobe is not installed; run environment/setup (it installs ffmpeg)");
        var start = new ProcessStartInfo(ffprobe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries",
                     "stream=codec_name,width,height,r_frame_rate,nb_read_frames", "-of", "json", file })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"ffprobe {file} failed: {stderr}");
        var stream = JsonDocument.Parse(stdout.Result).RootElement.GetProperty("streams")[0];
        return new ProbedVideo(stream.GetProperty("codec_name").GetString()!, stream.GetProperty("width").GetInt32(),
            stream.GetProperty("height").GetInt32(), stream.GetProperty("r_frame_rate").GetString()!,
            int.Parse(stream.GetProperty("nb_read_frames").GetString()!, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Runs the CLI with <paramref name="environment"/> changes (a null value removes the variable), sampling the peak
    /// resident memory (VmHWM) of the gankit process and of its child processes (ffmpeg) as it runs.
    /// </summary>
    public static (CliResult Result, long PeakBytes, long ChildPeakBytes) Run(string workingDirectory, IDictionary<string, string?> environment,
        TimeSpan timeout, params string[] args)
    {
        var (result, peak, childPeak, _) = Run(workingDirectory, environment, timeout, mark: null, args);
        return (result, peak, childPeak);
    }

    /// <summary>
    /// As <see cref="Run(string, IDictionary{string, string?}, TimeSpan, string[])"/>, also noting the resident memory
    /// (VmRSS) of the gankit process when it first prints a stdout line that <paramref name="mark"/> accepts (0 if none did).
    /// </summary>
    public static (CliResult Result, long PeakBytes, long ChildPeakBytes, long RssAtMark) Run(string workingDirectory,
        IDictionary<string, string?> environment, TimeSpan timeout, Func<string, bool>? mark, params string[] args)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : Which("dotnet") ?? "dotnet";
        var start = new ProcessStartInfo(dotnet)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliProcess.Dll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("GANKIT_DEBUG");
        foreach (var (key, value) in environment)
        {
            if (value is null) start.Environment.Remove(key);
            else start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var stdout = new System.Text.StringBuilder();
        long rssAtMark = 0;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout)
            {
                stdout.AppendLine(e.Data);
                if (rssAtMark == 0 && mark is not null && mark(e.Data)) rssAtMark = Status(process.Id, "VmRSS:");
            }
        };
        if (!process.Start()) throw new InvalidOperationException("could not start dotnet");
        process.BeginOutputReadLine();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0, childPeak = 0;
        var clock = Stopwatch.StartNew();
        while (!process.WaitForExit(50))
        {
            peak = Math.Max(peak, PeakResident(process.Id));
            foreach (var child in Children(process.Id)) childPeak = Math.Max(childPeak, PeakResident(child));
            if (clock.Elapsed > timeout)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"gankit {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s");
            }
        }
        process.WaitForExit(); // also waits for the end of the redirected stdout
        string output;
        lock (stdout) output = stdout.ToString();
        return (new CliResult(args, process.ExitCode, output, stderr.Result), peak, childPeak, rssAtMark);
    }

    /// <summary>VmHWM (peak resident set) of a live process in bytes; 0 when it has gone.</summary>
    private static long PeakResident(int pid) => Status(pid, "VmHWM:");

    /// <summary>A memory field of /proc/PID/status (VmHWM:, VmRSS:) in bytes; 0 when the process has gone.</summary>
    private static long Status(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith(field, StringComparison.Ordinal)) continue;
                var kb = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return 0;
    }

    private static IEnumerable<int> Children(int pid)
    {
        var result = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                var text = File.ReadAllText(Path.Combine(task, "children"));
                result.AddRange(text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)));
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return result;
    }
}
