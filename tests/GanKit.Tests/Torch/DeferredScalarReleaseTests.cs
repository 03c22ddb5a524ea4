using GanKit.Torch;

namespace GanKit.Tests.Torch;

/// <summary>
/// TorchSharp's temporary scalars (<c>x + y</c> passes alpha = 1 as one) must survive a garbage collection started by
/// another thread during the native call. Without GanKit's delayed scalar frees this loop failed within 0.1–0.4 s
/// ("Expected false to be true" from libtorch's Scalar.h); the test runs it for two seconds.
/// </summary>
public sealed class DeferredScalarReleaseTests
{
    [Fact]
    public void TemporaryScalarsSurviveCollectionsStartedByOtherThreads()
    {
        TorchRuntime.EnsureInitialized();
        if (OperatingSystem.IsLinux())
            Assert.True(TorchRuntime.DeferredScalarReleaseLibrary is not null, $"no delayed scalar frees: {TorchRuntime.DeferredScalarReleaseMissing}");

        using var stop = new CancellationTokenSource();
        var allocator = new Thread(() =>
        {
            var keep = new List<byte[]>();
            while (!stop.IsCancellationRequested)
            {
                keep.Add(new byte[2000]);
                if (keep.Count > 1000) keep.Clear();
            }
        }) { IsBackground = true };
        allocator.Start();
        using var x = torch.randn(64);
        using var y = torch.randn(64);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long iterations = 0;
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(2))
            {
                using var sum = x + y;
                using var half = sum * 0.5;
                iterations++;
            }
        }
        finally
        {
            stop.Cancel();
            allocator.Join();
        }
        using var expected = (x + y) * 0.5;
        using var last = (x + y) * 0.5;
        Assert.True(last.allclose(expected));
        Assert.True(iterations > 1000, $"only {iterations} iterations");
    }
}
