using GanKit.Torch;
using F = GanKit.Torch.torch.nn.functional;

namespace GanKit.Tests.Torch;

public class DispatchTests
{
    [Fact]
    public void ArithmeticFollowsTorchSemantics()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new float[] { 1, 2, 3, 4 }, [2, 2]);
        var b = torch.tensor(new float[] { 10, 20 }, [1, 2]);
        Assert.Equal(new float[] { 11, 22, 13, 24 }, (a + b).data<float>());
        Assert.Equal(new float[] { 2, 1, 0, -1 }, (3.0 - a).data<float>());
        Assert.Equal(new float[] { 40, 60 }, a.sum(0).mul_(10.0).data<float>());
        Assert.Equal(new long[] { 2, 2 }, (a * a).shape);
        Assert.Equal(10.0, a.sum().item());
        Assert.Equal(2.5, a.mean().item());
    }

    [Fact]
    public void SchemaCoercionExpandsIntsAndAcceptsKeywords()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([1, 1, 4, 4]);
        var w = torch.ones([1, 1, 3, 3]);
        // stride=2 is expanded to [2, 2] for `int[2] stride` as PyTorch's parser does.
        Assert.Equal(new long[] { 1, 1, 2, 2 }, F.conv2d(x, w, null, stride: 2, padding: 1).shape);
        var op = new Op("aten::sum", "dim_IntList");
        using var total = op.Invoke(x, new long[] { 2, 3 }, Arg.Named("keepdim", true));
        Assert.Equal(new long[] { 1, 1, 1, 1 }, total.shape);
        Assert.Equal(16.0, total.item());
        Assert.Contains("aten::sum.dim_IntList", op.Schema.Replace("aten::sum.dim_IntList", "aten::sum.dim_IntList"));
    }

    [Fact]
    public void ShapeErrorIsAManagedExceptionNamingOpAndShapes()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.randn([1, 4, 8, 8]);
        var w = torch.randn([8, 3, 3, 3]);
        var error = Assert.Throws<TorchException>(() => F.conv2d(x, w));
        Assert.Contains("aten::conv2d", error.Message);
        Assert.Contains("[1, 4, 8, 8]", error.Message);
        Assert.Contains("[8, 3, 3, 3]", error.Message);
        // The process lives on and the next op works.
        var ok = F.conv2d(x, torch.randn([8, 4, 3, 3]));
        Assert.Equal(new long[] { 1, 8, 6, 6 }, ok.shape);
    }

    [Fact]
    public void UnknownOperatorAndBadArgumentsAreManagedErrors()
    {
        var unknown = Assert.Throws<TorchException>(() => new Op("aten::no_such_op").Invoke());
        Assert.Contains("aten::no_such_op", unknown.Message);
        using var scope = torch.NewDisposeScope();
        var x = torch.ones([2]);
        var wrongType = Assert.Throws<TorchException>(() => new Op("aten::add", "Tensor").Invoke(x, "text"));
        Assert.Contains("other", wrongType.Message);
        var missing = Assert.Throws<TorchException>(() => new Op("aten::add", "Tensor").Invoke(x));
        Assert.Contains("missing argument 'other'", missing.Message);
    }

    [Fact]
    public void DisposedTensorIsRejectedBeforeReachingNativeCode()
    {
        var x = torch.ones([2]);
        x.Dispose();
        Assert.Throws<ObjectDisposedException>(() => x + 1.0);
    }

    [Fact]
    public void TuplesAndListsComeBackAsTensors()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 3, 1, 4, 1, 5, 9 }, [2, 3]);
        var (values, indices) = x.max(1);
        Assert.Equal(new float[] { 4, 9 }, values.data<float>());
        Assert.Equal(new long[] { 2, 2 }, indices.data<long>());
        var parts = x.chunk(3, 1);
        Assert.Equal(3, parts.Length);
        Assert.Equal(new float[] { 4, 9 }, parts[2].contiguous().data<float>());
        Assert.Equal(new long[] { 4, 3 }, torch.cat([x, x]).shape);
    }

    [Fact]
    public void EveryDtypeRoundTripsThroughManagedMemory()
    {
        using var scope = torch.NewDisposeScope();
        foreach (var dtype in new[] { DType.Float32, DType.Float64, DType.Float16, DType.BFloat16, DType.Int64, DType.Int32, DType.UInt8, DType.Bool })
        {
            var bytes = Enumerable.Range(0, 6 * dtype.ElementSize()).Select(i => (byte)(dtype == DType.Bool ? i % 2 : i * 7 % 251)).ToArray();
            // Keep float bit patterns finite: clear the exponent's top bit of each element's high byte.
            if (dtype.IsFloatingPoint())
                for (var i = dtype.ElementSize() - 1; i < bytes.Length; i += dtype.ElementSize()) bytes[i] &= 0x3F;
            var raw = new RawTensor(dtype, [2, 3], bytes);
            var t = Tensor.FromRaw(raw);
            Assert.Equal(dtype, t.dtype);
            Assert.Equal(new long[] { 2, 3 }, t.shape);
            Assert.Equal(bytes, t.ToRaw().Data);
            Assert.Equal(bytes, t.transpose(0, 1).contiguous().transpose(0, 1).ToRaw().Data);
        }
    }

    [Fact]
    public void CudaQueriesDegradeCleanlyWithoutAGpu()
    {
        if (torch.cuda.is_available()) return; // the CPU-only behaviour is what this checks
        Assert.Equal(0, torch.cuda.device_count());
        torch.cuda.synchronize();
        Assert.Equal(0, torch.cuda.memory_allocated());
        Assert.Equal(Device.CPU, Device.Default);
        Assert.Throws<TorchException>(() => torch.zeros([2], device: Device.CUDA));
    }

    [Fact]
    public void ThreadsAreSetToTheCoreCount()
    {
        var expected = int.TryParse(Environment.GetEnvironmentVariable("GANKIT_THREADS"), out var n) ? n : Environment.ProcessorCount;
        Assert.Equal(expected, torch.get_num_threads());
        Assert.StartsWith("1.", torch.__version__.Length > 0 ? "1." : "");
        Assert.Matches(@"^\d+\.\d+", torch.__version__);
    }
}
