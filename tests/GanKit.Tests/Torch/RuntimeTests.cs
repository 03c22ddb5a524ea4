using System.Diagnostics;
using GanKit.Torch;

namespace GanKit.Tests.Torch;

public class RuntimeTests
{
    [Fact]
    public void TheRuntimeUsesEveryCoreAndKeepsFreedMemory()
    {
        TorchRuntime.EnsureInitialized();
        var requested = Environment.GetEnvironmentVariable("GANKIT_THREADS");
        var expected = int.TryParse(requested, out var n) && n > 0 ? n : Environment.ProcessorCount;
        Assert.Equal(expected, torch.get_num_threads());
        Assert.Equal(OperatingSystem.IsLinux() && Environment.GetEnvironmentVariable("GANKIT_MALLOC") != "system", TorchRuntime.KeepsFreedMemory);
        Assert.Equal("0.107.0", TorchRuntime.TorchSharpVersion);
        Assert.StartsWith("2.10.0", TorchRuntime.LibTorchVersion);
    }

    [Fact]
    public void DisposeScopesKeepNativeMemoryFlatOver20000Ops()
    {
        TorchRuntime.EnsureInitialized();
        using var x = torch.randn([256]);
        long rssAfterFirst = 0;
        for (var i = 0; i < 20_000; i++)
        {
            using (var scope = torch.NewDisposeScope())
            {
                var y = (x * 2.0 + 1.0).sigmoid().sum();
                _ = y;
            }
            if (i == 999) rssAfterFirst = ResidentBytes();
        }
        var growth = ResidentBytes() - rssAfterFirst;
        Assert.True(growth < 50L << 20, $"resident memory grew by {growth >> 20} MB");
    }

    private static long ResidentBytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        }
        return Process.GetCurrentProcess().WorkingSet64;
    }
}
