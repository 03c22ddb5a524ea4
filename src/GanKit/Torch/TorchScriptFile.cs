namespace GanKit.Torch;

/// <summary>Loads a TorchScript file (NVIDIA's detectors and LPIPS network) in evaluation mode.</summary>
internal static class TorchScriptFile
{
    /// <summary>The module in <paramref name="path"/> on <paramref name="device"/>; a file libtorch cannot load is an <see cref="InvalidDataException"/> naming it.</summary>
    internal static torch.jit.ScriptModule Load(string path, Device device)
    {
        torch.jit.ScriptModule module;
        try { module = torch.jit.load(path, device); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidDataException($"'{path}' is not a TorchScript module that this libtorch can load: {e.Message.Split('\n')[0]}", e);
        }
        module.eval();
        return module;
    }
}
