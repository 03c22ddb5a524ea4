namespace GanKit.Networks.Ops;

/// <summary>Activation functions of the networks, with the gain that keeps activations' variance (He et al.).</summary>
public enum Activation
{
    /// <summary>Identity, gain 1.</summary>
    Linear,
    /// <summary>Leaky ReLU with slope 0.2, gain √2.</summary>
    LRelu,
    /// <summary>ReLU, gain √2.</summary>
    Relu,
}

/// <summary>Parsing and default gains of <see cref="Activation"/>.</summary>
public static class ActivationInfo
{
    /// <summary>The gain applied after the function so the output keeps unit variance.</summary>
    public static double DefaultGain(this Activation activation) =>
        activation == Activation.Linear ? 1.0 : Math.Sqrt(2);

    /// <summary>Parses the reference names <c>linear</c>, <c>lrelu</c>, <c>relu</c>.</summary>
    public static Activation Parse(string name) => name switch
    {
        "linear" => Activation.Linear,
        "lrelu" => Activation.LRelu,
        "relu" => Activation.Relu,
        _ => throw new ArgumentException($"activation '{name}' is not one of linear, lrelu, relu", nameof(name)),
    };

    /// <summary>The reference name.</summary>
    public static string Name(this Activation activation) => activation switch
    {
        Activation.LRelu => "lrelu",
        Activation.Relu => "relu",
        _ => "linear",
    };
}
