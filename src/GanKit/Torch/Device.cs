namespace GanKit.Torch;

/// <summary>Kinds of device; values are libtorch's <c>c10::DeviceType</c> codes.</summary>
public enum DeviceType
{
    /// <summary>The host processor.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU.</summary>
    CUDA = 1,
}

/// <summary>Where a tensor lives: <c>cpu</c>, <c>cuda</c>, <c>cuda:1</c>.</summary>
/// <param name="Type">Kind of device.</param>
/// <param name="Index">Device ordinal, or -1 for the current one.</param>
public readonly record struct Device(DeviceType Type, int Index = -1)
{
    /// <summary>The CPU.</summary>
    public static Device CPU => new(DeviceType.CPU);

    /// <summary>The current CUDA device.</summary>
    public static Device CUDA => new(DeviceType.CUDA);

    /// <summary>The best device here: CUDA when available, else the CPU.</summary>
    public static Device Default => torch.cuda.is_available() ? CUDA : CPU;

    /// <summary>Parses <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c> or <c>auto</c>.</summary>
    public static Device Parse(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t == "auto") return Default;
        if (t == "cpu") return CPU;
        if (t == "cuda" || t == "gpu") return CUDA;
        if (t.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(t.AsSpan(5), out var index) && index >= 0)
            return new Device(DeviceType.CUDA, index);
        throw new ArgumentException($"device '{text}' is not one of cpu, cuda, cuda:N, auto", nameof(text));
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Type == DeviceType.CPU ? "cpu" : Index < 0 ? "cuda" : $"cuda:{Index}";
}
