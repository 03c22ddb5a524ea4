using System.Runtime.CompilerServices;

namespace GanKit.Tests.Notebooks;

/// <summary>Paths in the GanKit checkout the tests run from: the first folder above the tests holding GanKit.sln.</summary>
internal static class TestRepository
{
    private static readonly Lazy<string> RootPath = new(() => Locate());

    /// <summary>The repository root.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The committed notebooks.</summary>
    public static string NotebooksFolder => Path.Combine(Root, "notebooks");

    /// <summary>The local plotly.js that environment/install-browser fetches.</summary>
    public static string PlotlyBundle => Path.Combine(Root, "build", "plotly", "node_modules", "plotly.js-dist-min", "plotly.min.js");

    /// <summary>A git-ignored folder for pages and screenshots the tests leave for people to look at.</summary>
    public static string ArtifactsFolder => Directory.CreateDirectory(Path.Combine(Root, "build", "test-artifacts")).FullName;

    private static string Locate([CallerFilePath] string sourceFile = "")
    {
        // The binaries' folder first; the source location covers builds placed outside the checkout.
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) })
        {
            for (var folder = string.IsNullOrEmpty(start) ? null : new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "GanKit.sln")))
                {
                    return folder.FullName;
                }
            }
        }
        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds GanKit.sln.");
    }
}
