using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace GanKit.Notebooks;

/// <summary>
/// Resolves <c>#r "path"</c> like the kernel (relative to the notebook's folder), except that a DLL whose
/// name matches an assembly already loaded in the runner (GanKit itself, which notebooks reference as a
/// build output) resolves to the loaded copy, wherever the path points: .NET cannot hold two copies of
/// one assembly in a context, and the globals object the cells receive must be the type they compile
/// against. It also means a notebook runs against the runner's GanKit in any build configuration.
/// </summary>
internal sealed class LoadedAssemblyResolver(ScriptMetadataResolver inner) : MetadataReferenceResolver
{
    private readonly ScriptMetadataResolver _inner = inner;

    public override bool ResolveMissingAssemblies => _inner.ResolveMissingAssemblies;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        if (reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        if (reference.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && LoadedLocation(Path.GetFileNameWithoutExtension(reference)) is { } loaded)
        {
            return [MetadataReference.CreateFromFile(loaded, properties)];
        }
        return _inner.ResolveReference(reference, baseFilePath, properties);
    }

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        _inner.ResolveMissingAssembly(definition, referenceIdentity);

    public override bool Equals(object? other) => other is LoadedAssemblyResolver o && o._inner.Equals(_inner);

    public override int GetHashCode() => _inner.GetHashCode();

    private static string? LoadedLocation(string simpleName) =>
        AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => !a.IsDynamic && !string.IsNullOrEmpty(a.Location) &&
                                 string.Equals(a.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase))
            ?.Location;
}
