using System.Runtime.InteropServices;

namespace GanKit.Torch;

/// <summary>
/// libtorch runs float32 CPU convolutions through oneDNN, and on some CPUs oneDNN is wrong for some channel counts: with
/// libtorch 2.10 on AVX-512 AMD EPYC machines, 3×3 convolutions with, for example, 129 input channels (the
/// discriminator's epilogue after minibatch-std) came out 5–50% off while float64 was exact, which broke parity with
/// the reference and made some training steps non-finite (the classes are listed on <see cref="ChannelPaddedConvolution"/>).
/// At start-up GanKit runs a few convolutions of those classes in float32 and float64: forward, both gradients and a
/// second derivative.
/// Where they disagree it checks the same convolutions with their channels padded; where those agree, every network
/// convolution pads its channels (<see cref="OneDnnConvolutionMode.ChannelsPadded"/>), else oneDNN is turned off for the
/// process and libtorch uses its own im2col-and-GEMM convolution, about half as fast. NNPACK is turned off always (see
/// <see cref="Apply"/>). <c>GANKIT_ONEDNN=on</c> skips the check, <c>pad</c> pads without checking, <c>off</c> turns
/// oneDNN off regardless.
/// </summary>
internal static partial class OneDnnConvolutionCheck
{
    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static partial IntPtr GlobalContext();

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static partial void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    /// <summary>Checks the convolutions and chooses how GanKit runs them on this CPU.</summary>
    internal static OneDnnConvolutionMode Apply()
    {
        IntPtr context;
        try
        {
            context = GlobalContext();
            // NNPACK serves few CPU convolutions, and on CPUs it does not support libtorch prints "Could not
            // initialize NNPACK! Reason: Unsupported hardware" to stderr when it first considers it; off, the
            // im2col-and-GEMM path serves those convolutions.
            SetUserEnabledNnpack(context, false);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return OneDnnConvolutionMode.Right; // a libtorch without these entry points: nothing to switch
        }
        var setting = Environment.GetEnvironmentVariable("GANKIT_ONEDNN");
        switch (setting)
        {
            case "on": return OneDnnConvolutionMode.Right;
            case "pad": return OneDnnConvolutionMode.ChannelsPadded;
            case "off": break;
            default:
                if (ConvolutionsAreRight(padChannels: false)) return OneDnnConvolutionMode.Right;
                if (ConvolutionsAreRight(padChannels: true)) return OneDnnConvolutionMode.ChannelsPadded;
                break;
        }
        SetUserEnabledMkldnn(context, false);
        return OneDnnConvolutionMode.Off;
    }

    /// <summary>
    /// Whether float32 agrees with float64 (relative to each result's scale) on convolutions of the classes seen to
    /// fail (3×3 ones, and a 1×1 one for the second derivative), forward, both gradients and R1's second derivative, run through <see cref="ChannelPaddedConvolution"/>. The fault
    /// depends on memory contents, so a single shape can pass by chance: every class is tried at two map sizes.
    /// </summary>
    internal static bool ConvolutionsAreRight(bool padChannels)
    {
        using var scope = torch.NewDisposeScope();
        var generator = new torch.Generator(1);
        foreach (var (inChannels, outChannels, kernel, stride) in new[] { (129, 128, 3, 1), (33, 32, 3, 2), (48, 32, 3, 2), (32, 8, 3, 1), (65, 17, 3, 1), (32, 3, 1, 1) })
            foreach (var size in new[] { 4, 8 })
            {
                var x = torch.randn([2, inChannels, size, size], generator: generator);
                var w = torch.randn([outChannels, inChannels, kernel, kernel], generator: generator) / Math.Sqrt(inChannels * kernel * kernel);
                var single = ForwardAndGradients(x, w, stride, padChannels);
                var exact = ForwardAndGradients(x.to(ScalarType.Float64), w.to(ScalarType.Float64), stride, padChannels);
                for (var i = 0; i < single.Length; i++)
                {
                    var error = (single[i].to(ScalarType.Float64) - exact[i]).abs().max().ToDouble();
                    if (!(error <= 1e-4 * Math.Max(1, exact[i].abs().max().ToDouble()))) return false;
                }
            }
        return true;
    }

    /// <summary>
    /// The output, the gradients of input and weight for a fixed output gradient (a ramp, the same in both precisions),
    /// and the weight gradient of the input gradient's squared norm through a leaky ReLU (R1's double backward).
    /// </summary>
    private static Tensor[] ForwardAndGradients(Tensor x, Tensor w, int stride, bool padChannels)
    {
        var xLeaf = x.detach().requires_grad_(true);
        var wLeaf = w.detach().requires_grad_(true);
        var padding = w.shape[3] / 2;
        var y = ChannelPaddedConvolution.Convolve(xLeaf, wLeaf, null, stride, (padding, padding), 1, transpose: false, padChannels);
        var outputGradient = torch.linspace(-1, 1, y.numel(), dtype: y.dtype).reshape(y.shape);
        var grads = torch.autograd.grad([y], [xLeaf, wLeaf], [outputGradient], retain_graph: true);
        var score = (torch.nn.functional.leaky_relu(y, 0.2) * outputGradient).sum();
        var inputGradient = torch.autograd.grad([score], [xLeaf], retain_graph: true, create_graph: true)[0];
        var secondOrder = torch.autograd.grad([inputGradient.square().sum()], [wLeaf])[0];
        return [y.detach(), grads[0], grads[1], secondOrder];
    }
}
