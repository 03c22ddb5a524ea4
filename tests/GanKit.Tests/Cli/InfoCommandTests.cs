using System.Text.RegularExpressions;
using GanKit.Torch;

namespace GanKit.Tests.Cli;

/// <summary><c>gankit info</c> as a process: the versions and native set-up it names are those this process finds too.</summary>
public sealed class InfoCommandTests
{
    /// <summary>The value cell of a table row (Spectre's box characters or plain bars).</summary>
    private static string Row(string output, string name)
    {
        var match = Regex.Match(output, $@"(?m)^\W*{Regex.Escape(name)}\s*[│|]\s*(.+?)\s*[│|]\s*$");
        Assert.True(match.Success, $"no '{name}' row in\n{output}");
        return match.Groups[1].Value;
    }

    [Fact]
    public void NamesTorchSharpLibTorchDeviceThreadsMemoryAndTheCompatibilityCopy()
    {
        var text = CliProcess.Succeeds(Path.GetTempPath(), "info").Stdout;
        Assert.Equal(TorchRuntime.TorchSharpVersion, Row(text, "TorchSharp"));
        var libtorch = Row(text, "libtorch");
        Assert.StartsWith(TorchRuntime.LibTorchVersion + " (", libtorch, StringComparison.Ordinal);
        Assert.Matches(@"\((CPU|CUDA) build\)$", libtorch);
        if (torch.cuda.is_available()) Assert.Equal("(CUDA build)", libtorch[(libtorch.IndexOf('(', StringComparison.Ordinal))..]);
        Assert.Equal(torch.cuda.is_available() ? $"yes, {torch.cuda.device_count()} device(s)" : "no", Row(text, "CUDA available"));
        Assert.Equal(Devices.Default.ToString(), Row(text, "device"));
        Assert.Equal($"{torch.get_num_threads()} (of {Environment.ProcessorCount} cores)", Row(text, "intra-op threads"));
        Assert.StartsWith(TorchRuntime.KeepsFreedMemory ? "freed blocks kept for reuse" : "C library default", Row(text, "CPU tensor memory"),
            StringComparison.Ordinal);
        var compat = Row(text, "libstdc++ compatibility copy");
        if (TorchRuntime.LibStdCxxCompatCopy is { } copy) Assert.StartsWith($"in use: {copy} (the system libstdc++ lacks GLIBCXX_", compat, StringComparison.Ordinal);
        else Assert.StartsWith("not needed (", compat, StringComparison.Ordinal);
    }

    [Fact]
    public void BenchOpsNamesABadDevice() => CliProcess.FailsCleanly(Path.GetTempPath(), ["bench", "ops", "--device", "tpu"], "--device");
}
