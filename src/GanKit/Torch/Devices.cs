namespace GanKit.Torch;

/// <summary>Choosing a device by name: <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c>.</summary>
public static class Devices
{
    /// <summary>The best device here: CUDA when available, else the CPU.</summary>
    public static Device Default
    {
        get
        {
            TorchRuntime.EnsureInitialized();
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        }
    }

    /// <summary>Parses <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c>.</summary>
    /// <exception cref="ArgumentException">The text names no device.</exception>
    public static Device Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "auto") return Default;
        if (t == "cpu") return torch.CPU;
        if (t is "cuda" or "gpu") return torch.CUDA;
        if (t.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(t.AsSpan(5), out var index) && index >= 0)
            return torch.device(DeviceType.CUDA, index);
        throw new ArgumentException($"device '{text}' is not one of cpu, cuda, cuda:N, auto", nameof(text));
    }
}
