using System.Diagnostics;
using GanKit.Torch;

namespace GanKit.Tests.Torch;

public class RuntimeTests
{
    [Fact]
    public void ManualSeedReproducesSamples()
    {
        torch.manual_seed(42);
        using var a = torch.randn([5]);
        torch.manual_seed(42);
        using var b = torch.randn([5]);
        Assert.Equal(a.data<float>(), b.data<float>());
    }

    [Fact]
    public void GeneratorStateRestoresTheSameStream()
    {
        torch.manual_seed(7);
        using var _ = torch.randn([3]);
        using var state = torch.random.get_rng_state();
        using var first = torch.randn([4]);
        torch.random.set_rng_state(state);
        using var again = torch.randn([4]);
        Assert.Equal(first.data<float>(), again.data<float>());
    }

    [Fact]
    public void DisposeScopesKeepNativeMemoryFlatOver20000Ops()
    {
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

    [Fact]
    public void MovedTensorsSurviveTheirScope()
    {
        Tensor kept;
        Tensor dropped;
        using (var scope = torch.NewDisposeScope())
        {
            kept = torch.ones([2]).MoveToOuterDisposeScope();
            dropped = torch.ones([2]);
        }
        Assert.False(kept.IsDisposed);
        Assert.True(dropped.IsDisposed);
        kept.Dispose();
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
