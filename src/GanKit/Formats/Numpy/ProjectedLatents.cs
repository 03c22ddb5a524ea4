using GanKit.Torch;

namespace GanKit.Formats.Numpy;

/// <summary>
/// Projected latents in the reference projector's file layout: a .npz archive with one float32 array <c>w</c> of
/// shape [1, num_ws, w_dim] (<c>projected_w.npz</c>).
/// </summary>
public static class ProjectedLatents
{
    /// <summary>The archive key the reference tools use.</summary>
    public const string Key = "w";

    /// <summary>Writes <paramref name="w"/> as float32 under key <c>w</c> (atomically).</summary>
    /// <param name="path">The file, conventionally <c>projected_w.npz</c>.</param>
    /// <param name="w">[num_ws, w_dim] (a leading batch dimension of 1 is added) or [N, num_ws, w_dim], on any device.</param>
    /// <exception cref="ArgumentException"><paramref name="w"/> is not of rank 2 or 3, or not floating point.</exception>
    public static void Save(string path, Tensor w)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (w.dim() is not (2 or 3))
            throw new ArgumentException($"projected latents must be [num_ws, w_dim] or [1, num_ws, w_dim], got [{string.Join(", ", w.shape)}]", nameof(w));
        if (!w.is_floating_point())
            throw new ArgumentException($"projected latents must be floating point, got {w.dtype.TorchName()}", nameof(w));
        using var scope = torch.NewDisposeScope();
        var batched = w.dim() == 2 ? w.unsqueeze(0) : w;
        var raw = RawTensor.FromTensor(batched.to(ScalarType.Float32));
        Npz.Write(path, new Dictionary<string, RawTensor> { [Key] = raw });
    }

    /// <summary>Reads <c>w</c> from a projected-latents archive as a float32 tensor [N, num_ws, w_dim] (N is 1 for the reference projector's files).</summary>
    /// <param name="path">The file.</param>
    /// <param name="numWs">When given, the num_ws the file must have (the generator's).</param>
    /// <param name="wDim">When given, the w_dim the file must have.</param>
    /// <param name="device">Where the tensor lives; the CPU when null.</param>
    /// <exception cref="GanKitFormatException">The archive has no rank-3 floating-point <c>w</c>, or its sizes disagree with <paramref name="numWs"/>/<paramref name="wDim"/>.</exception>
    public static Tensor Load(string path, int? numWs = null, int? wDim = null, Device? device = null)
    {
        var arrays = Npz.Read(path);
        if (!arrays.TryGetValue(Key, out var w))
            throw new GanKitFormatException(path, $"not a projected-latents file: it has no array '{Key}' (found: {string.Join(", ", arrays.Keys.Select(k => $"'{k}'"))})");
        if (w.Shape.Length != 3)
            throw new GanKitFormatException(path, $"'{Key}' has shape ({string.Join(", ", w.Shape)}), expected [1, num_ws, w_dim]");
        if (w.DType is not (ScalarType.Float16 or ScalarType.Float32 or ScalarType.Float64))
            throw new GanKitFormatException(path, $"'{Key}' is {w.DType.NumpyDescr()}, expected a floating-point array");
        if (numWs is { } n && w.Shape[1] != n)
            throw new GanKitFormatException(path, $"'{Key}' has num_ws = {w.Shape[1]}, but the generator has {n}");
        if (wDim is { } d && w.Shape[2] != d)
            throw new GanKitFormatException(path, $"'{Key}' has w_dim = {w.Shape[2]}, but the generator has {d}");
        using var tensor = w.ToTensor();
        var result = tensor.to(ScalarType.Float32);
        return device is null || device.type == DeviceType.CPU ? result : result.to(device, disposeAfter: true);
    }
}
