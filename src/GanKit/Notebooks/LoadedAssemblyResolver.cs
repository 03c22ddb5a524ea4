using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Scripting;

namespace GanKit.Notebooks;

/// <summary>
/// Resolves <c>#r "path"</c> like the kernel (relative to the notebook's folder), except that a DLL whose
/// name matches an assembly the runner has loaded or can load (GanKit itself, which notebooks reference as a
/// build output, or TorchSharp) resolves to the runner's copy, wherever the path points: .NET cannot hold two
/// copies of one assembly in a context, and the globals object the cells receive must be the type they
/// compile against. It also means a notebook runs against the runner's GanKit in any build configuration.
/// Such a reference brings the assembly's own non-framework dependencies with it, as <c>#r "nuget: ..."</c>
/// does: after a reference to GanKit.dll, TorchSharp (whose tensors GanKit's API speaks) and SkiaSharp are
/// usable in cells, so <c>using static TorchSharp.torch;</c> compiles.
/// </summary>
internal sealed class LoadedAssemblyResolver(ScriptMetadataResolver inner) : MetadataReferenceResolver
{
    private static readonly string FrameworkFolder = Path.GetDirectoryName(typeof(object).Assembly.Location) ?? "";

    private readonly ScriptMetadataResolver _inner = inner;

    public override bool ResolveMissingAssemblies => true;

    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        if (reference.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        if (reference.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && RunnerAssembly(Path.GetFileNameWithoutExtension(reference)) is { } assembly)
        {
            return [MetadataReference.CreateFromFile(assembly.Location, properties)];
        }
        return _inner.ResolveReference(reference, baseFilePath, properties);
    }

    /// <summary>
    /// Called by the compiler for each assembly a referenced assembly depends on (Roslyn takes one reference per
    /// <c>#r</c>): the runner's copy when it has one outside the shared framework, so GanKit's dependencies
    /// (TorchSharp, SkiaSharp) join the compilation and are usable in cells.
    /// </summary>
    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        RunnerAssembly(referenceIdentity.Name) is { } assembly && !IsFramework(assembly)
            ? MetadataReference.CreateFromFile(assembly.Location)
            : _inner.ResolveMissingAssembly(definition, referenceIdentity);

    public override bool Equals(object? other) => other is LoadedAssemblyResolver o && o._inner.Equals(_inner);

    public override int GetHashCode() => _inner.GetHashCode();

    /// <summary>The runner's copy of the assembly with this simple name: already loaded, or loadable from the runner's dependencies.</summary>
    private static Assembly? RunnerAssembly(string simpleName)
    {
        var loaded = AppDomain.CurrentDomain.GetAssemblies()
            .FirstOrDefault(a => HasFile(a) && string.Equals(a.GetName().Name, simpleName, StringComparison.OrdinalIgnoreCase));
        return loaded ?? TryLoad(new AssemblyName(simpleName));
    }

    private static Assembly? TryLoad(AssemblyName name)
    {
        try
        {
            var assembly = Assembly.Load(name);
            return HasFile(assembly) ? assembly : null;
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
        {
            // Not among the runner's dependencies (an optional dependency, or the notebook's own DLL).
            return null;
        }
    }

    private static bool HasFile(Assembly assembly) => !assembly.IsDynamic && !string.IsNullOrEmpty(assembly.Location);

    private static bool IsFramework(Assembly assembly) =>
        string.Equals(Path.GetDirectoryName(assembly.Location), FrameworkFolder, StringComparison.Ordinal);
}
