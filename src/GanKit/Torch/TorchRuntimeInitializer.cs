using System.Runtime.CompilerServices;

namespace GanKit.Torch;

/// <summary>Prepares TorchSharp as soon as any GanKit type is used, so no GanKit call can reach libtorch unprepared.</summary>
internal static class TorchRuntimeInitializer
{
#pragma warning disable CA2255 // A library initializer is the point: TorchSharp must not load before the compatibility copy.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        try
        {
            TorchRuntime.EnsureInitialized();
        }
        catch (Exception)
        {
            // A module initializer must not throw (the assembly would be unusable); the first torch call or an
            // explicit TorchRuntime.EnsureInitialized() reports the problem with its message.
        }
    }
}
