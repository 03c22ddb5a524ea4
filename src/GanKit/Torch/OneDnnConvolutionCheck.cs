using System.Runtime.InteropServices;

namespace GanKit.Torch;

/// <summary>
/// libtorch runs float32 CPU convolutions through oneDNN. On some CPUs its result is wrong for some shapes: with
/// libtorch 2.10 on an AVX-512 AMD EPYC, a 3×3 convolution of 129 input channels on a 4×4 map (the discriminator's
/// epilogue after minibatch-std) was off by 0.1 while float64 and 128 channels were exact, which broke parity with
/// the reference and made some training steps non-finite. At start-up GanKit runs that convolution once in float32
/// and in float64; when they disagree it turns oneDNN off for the process: libtorch then uses its own
/// im2col-and-GEMM convolution. NNPACK is turned off always (see <see cref="Apply"/>). <c>GANKIT_ONEDNN=on</c> skips the check, <c>off</c> turns oneDNN off regardless.
/// </summary>
internal static partial class OneDnnConvolutionCheck
{
    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static partial IntPtr GlobalContext();

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static partial void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [LibraryImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static partial void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    /// <summary>Checks the convolution and turns oneDNN off where it is wrong; returns whether it was turned off.</summary>
    internal static bool Apply()
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
            return false; // a libtorch without these entry points: nothing to switch
        }
        var setting = Environment.GetEnvironmentVariable("GANKIT_ONEDNN");
        if (setting == "on") return false;
        if (setting != "off" && ConvolutionIsRight()) return false;
        SetUserEnabledMkldnn(context, false);
        return true;
    }

    /// <summary>Whether float32 and float64 agree on the shape seen to fail (relative to the output's scale).</summary>
    private static bool ConvolutionIsRight()
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var generator = new torch.Generator(1);
        var x = torch.randn([4, 129, 4, 4], generator: generator);
        var w = torch.randn([128, 129, 3, 3], generator: generator) / Math.Sqrt(129 * 9);
        var single = torch.nn.functional.conv2d(x, w, null, [1, 1], [1, 1]).to(ScalarType.Float64);
        var exact = torch.nn.functional.conv2d(x.to(ScalarType.Float64), w.to(ScalarType.Float64), null, [1, 1], [1, 1]);
        var error = (single - exact).abs().max().ToDouble();
        return error <= 1e-4 * Math.Max(1, exact.abs().max().ToDouble());
    }
}
