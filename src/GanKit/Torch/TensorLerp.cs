namespace GanKit.Torch;

/// <summary>
/// <c>torch.lerp(start, end, weight)</c> with a number as the weight, as PyTorch allows. TorchSharp takes only a
/// tensor weight, and a C# double would become a float64 tensor that libtorch refuses beside float32 operands.
/// </summary>
public static class TensorLerp
{
    /// <summary>start + weight · (end − start), computed by libtorch's lerp in the operands' dtype.</summary>
    public static Tensor Lerp(this Tensor start, Tensor end, double weight)
    {
        using var w = torch.tensor(weight, start.dtype, start.device);
        return torch.lerp(start, end, w);
    }
}
