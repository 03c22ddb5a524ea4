using GanKit.Notebooks;

namespace GanKit.Tests.Notebooks;

/// <summary>Assertions about committed notebook files.</summary>
public static class NotebookChecks
{
    /// <summary>
    /// Fails unless the notebook at <paramref name="path"/> parses as nbformat 4, carries no outputs or
    /// execution counts, and has the Polyglot C# metadata on the notebook and every code cell.
    /// </summary>
    public static void AssertCleanPolyglot(string path)
    {
        NotebookDocument document;
        try
        {
            document = NotebookDocument.Load(path);
        }
        catch (InvalidDataException e)
        {
            Assert.Fail(e.Message);
            return;
        }
        var problems = PolyglotMetadata.FindProblems(document, requireNoOutputs: true);
        Assert.True(problems.Count == 0,
            $"{Path.GetFileName(path)} is not a clean Polyglot C# notebook:\n  " + string.Join("\n  ", problems) +
            "\n(`gankit notebook clean` strips outputs and writes the metadata.)");
    }
}
