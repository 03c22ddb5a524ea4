namespace GanKit.Torch;

/// <summary>
/// An error raised by libtorch (or the bridge) during an operation. The message names the operator,
/// its arguments' shapes and libtorch's own explanation; the process and later operations are unaffected.
/// </summary>
public sealed class TorchException : Exception
{
    /// <summary>Creates the exception for an operation.</summary>
    public TorchException(string operation, string message) : base(message) => Operation = operation;

    /// <summary>The operator or bridge call that failed, e.g. <c>aten::conv2d</c>.</summary>
    public string Operation { get; }
}
