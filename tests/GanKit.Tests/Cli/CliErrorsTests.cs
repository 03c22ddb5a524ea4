using System.Runtime.InteropServices;
using GanKit.Cli;
using GanKit.Torch;

namespace GanKit.Tests.Cli;

/// <summary>How the command line turns a failure into its exit code and one <c>error:</c> text.</summary>
public sealed class CliErrorsTests
{
    [Fact]
    public void LibTorchErrorIsOneLineFailureWithoutTheCppBacktrace()
    {
        TorchRuntime.EnsureInitialized();
        using var a = torch.ones(3);
        using var b = torch.ones(4);
        var e = Assert.ThrowsAny<ExternalException>(() => { using var c = a + b; });
        var (exitCode, message) = CliErrors.Describe(e);
        Assert.Equal(CliErrors.Failure, exitCode);
        Assert.StartsWith("libtorch: ", message, StringComparison.Ordinal);
        Assert.Contains("size of tensor a (3) must match the size of tensor b (4)", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain("Exception raised from", message, StringComparison.Ordinal);
        Assert.DoesNotContain("frame #", message, StringComparison.Ordinal);
    }

    [Fact]
    public void CppBacktraceIsCutFromAMultiLineMessage()
    {
        const string raw = "Given groups=1, weight of size [8, 3, 3, 3], expected input[1, 4, 8, 8] to have 3 channels, but got 4 channels instead\n" +
                           "Exception raised from check_shape_forward at /pytorch/aten/src/ATen/native/Convolution.cpp:42 (most recent call first):\n" +
                           "frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x9c (0x7f in /lib/libc10.so)\n";
        Assert.Equal("Given groups=1, weight of size [8, 3, 3, 3], expected input[1, 4, 8, 8] to have 3 channels, but got 4 channels instead",
            CliErrors.LibTorchMessage(raw));
    }

    [Fact]
    public void StateDictMisfitKeepsEveryOffendingKey()
    {
        var (exitCode, message) = CliErrors.Describe(new StateDictException("Generator", ["a.weight: missing (expected shape [2])", "b: unexpected key"]));
        Assert.Equal(CliErrors.Failure, exitCode);
        Assert.Contains("a.weight: missing (expected shape [2])", message, StringComparison.Ordinal);
        Assert.Contains("b: unexpected key", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ArgumentErrorDropsTheCSharpParameterName()
    {
        var (exitCode, message) = CliErrors.Describe(new ArgumentException("--seeds: '0-x' is not a range", "text"));
        Assert.Equal(CliErrors.Failure, exitCode);
        Assert.Equal("--seeds: '0-x' is not a range", message);
    }

    [Fact]
    public void UnexpectedExceptionIsAnInternalError()
    {
        var (exitCode, message) = CliErrors.Describe(new NullReferenceException("boom"));
        Assert.Equal(CliErrors.InternalError, exitCode);
        Assert.StartsWith("internal error (NullReferenceException): boom", message, StringComparison.Ordinal);
        Assert.Contains(CliErrors.DebugVariable, message, StringComparison.Ordinal);
    }
}
