namespace GanKit.Tests.Notebooks;

public class CommittedNotebooksTests
{
    [Fact]
    public void Every_notebook_is_committed_clean_with_polyglot_metadata()
    {
        var notebooks = Directory.GetFiles(TestRepository.NotebooksFolder, "*.ipynb", SearchOption.AllDirectories);
        Assert.NotEmpty(notebooks);
        var failures = new List<string>();
        foreach (var notebook in notebooks.Order())
        {
            try
            {
                NotebookChecks.AssertCleanPolyglot(notebook);
            }
            catch (Xunit.Sdk.XunitException e)
            {
                failures.Add(e.Message);
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Notebooks_start_with_the_setup_cell_convention()
    {
        foreach (var path in Directory.GetFiles(TestRepository.NotebooksFolder, "*.ipynb"))
        {
            var firstCode = GanKit.Notebooks.NotebookDocument.Load(path).Cells.First(c => c.IsCode).Source;
            Assert.Contains("#r \"../src/GanKit/bin/Debug/net10.0/GanKit.dll\"", firstCode);
            Assert.Contains("environment/setup", firstCode);
        }
    }
}
