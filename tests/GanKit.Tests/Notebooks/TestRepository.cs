using System.Runtime.CompilerServices;

namespace GanKit.Tests.Notebooks;

/// <summary>Paths in the GanKit checkout the tests run from: the first folder above the tests holding GanKit.sln.</summary>
internal static class TestRepository
{
    private static readonly Lazy<string> RootPath = new(() => Locate());

    /// <summary>The repository root.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The lessons: every notebook here is run and checked in the browser by the test suite.</summary>
    public static string NotebooksFolder => Path.Combine(Root, "notebooks");

    /// <summary>Notebooks that are test fixtures rather than lessons (the smoke notebook).</summary>
    public static string NotebookFixturesFolder => Path.Combine(Root, "tests", "GanKit.Tests", "Notebooks", "Fixtures");

    /// <summary>The lessons' file names, in order.</summary>
    public static IReadOnlyList<string> LessonNames() =>
        [.. Directory.GetFiles(NotebooksFolder, "*.ipynb").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    /// <summary>Every committed notebook: the lessons and the fixtures.</summary>
    public static IReadOnlyList<string> AllNotebooks() =>
        [.. new[] { NotebooksFolder, NotebookFixturesFolder }
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.GetFiles(folder, "*.ipynb", SearchOption.AllDirectories))
            .Order(StringComparer.Ordinal)];

    /// <summary>The version environment/setup packs GanKit under for notebooks: the library's version with "-local".</summary>
    public static string LocalGanKitVersion =>
        typeof(GanKit.Visuals.Html).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}-local" : "?";

    /// <summary>A new folder inside the checkout for notebooks a test writes: the kernel must start within the
    /// repository, where <c>dotnet interactive</c> finds the tool manifest.</summary>
    public static string NewNotebookFolder(string name) =>
        Directory.CreateDirectory(Path.Combine(ArtifactsFolder, "notebook-sources", $"{name}-{Guid.NewGuid():N}"[..(name.Length + 9)])).FullName;

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
