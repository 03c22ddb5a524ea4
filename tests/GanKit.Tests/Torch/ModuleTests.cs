using GanKit.Torch;
using F = GanKit.Torch.torch.nn.functional;

namespace GanKit.Tests.Torch;

public class ModuleTests
{
    private sealed class Layer : Module
    {
        public Layer(int input, int output)
        {
            weight = RegisterParameter("weight", torch.randn([output, input]));
            bias = RegisterParameter("bias", torch.zeros([output]));
            RegisterBuffer("count", torch.zeros([1], DType.Int64));
            RegisterBuffer("scratch", torch.zeros([1]), persistent: false);
        }

        public Tensor weight { get; }
        public Tensor bias { get; }
        public Tensor forward(Tensor x) => F.linear(x, weight, bias);
    }

    private sealed class Net : Module
    {
        public Net()
        {
            fc0 = RegisterModule("fc0", new Layer(3, 4));
            fc1 = RegisterModule("fc1", new Layer(4, 2));
        }

        public Layer fc0 { get; }
        public Layer fc1 { get; }
        public Tensor forward(Tensor x) => fc1.forward(F.relu(fc0.forward(x)));
    }

    [Fact]
    public void StateDictKeysComposeFromNames()
    {
        using var net = new Net();
        Assert.Equal(new[] { "fc0.weight", "fc0.bias", "fc0.count", "fc1.weight", "fc1.bias", "fc1.count" },
            net.state_dict().Select(e => e.Key));
        Assert.Equal(4, net.parameters().Count());
        Assert.All(net.parameters(), p => Assert.True(p.requires_grad));
    }

    [Fact]
    public void LoadStateDictCopiesValuesAndReportsEveryBadKey()
    {
        using var a = new Net();
        using var b = new Net();
        b.load_state_dict(a.state_dict().ToDictionary(e => e.Key, e => e.Tensor));
        Assert.Equal(a.fc1.weight.data<float>(), b.fc1.weight.data<float>());

        var raw = a.state_dict().ToDictionary(e => e.Key, e => e.Tensor.ToRaw());
        raw["fc0.weight"] = new RawTensor(DType.Float32, [4, 5], new byte[80]);
        raw.Remove("fc1.bias");
        raw["fc9.weight"] = raw["fc1.weight"];
        var error = Assert.Throws<StateDictException>(() => b.load_state_dict(raw));
        Assert.Contains("fc0.weight: expected shape [4, 3], found [4, 5]", error.Message);
        Assert.Contains("fc1.bias: missing", error.Message);
        Assert.Contains("fc9.weight: unexpected key", error.Message);
        Assert.Equal(3, error.Problems.Count);
    }

    [Fact]
    public void ToConvertsInPlaceKeepingFieldsAndIntegerBuffers()
    {
        using var net = new Net();
        var weight = net.fc0.weight;
        net.to(dtype: DType.Float64);
        Assert.Same(weight, net.fc0.weight);
        Assert.Equal(DType.Float64, net.fc0.weight.dtype);
        Assert.True(net.fc0.weight.requires_grad);
        Assert.Equal(DType.Int64, net.state_dict().Single(e => e.Key == "fc0.count").Tensor.dtype);
        using var y = net.forward(torch.ones([2, 3], DType.Float64));
        Assert.Equal(DType.Float64, y.dtype);
        Assert.False(net.eval().training);
        Assert.False(net.fc1.training);
    }
}
