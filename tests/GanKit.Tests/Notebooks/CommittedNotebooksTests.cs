using System.Text.RegularExpressions;
using GanKit.Notebooks;

namespace GanKit.Tests.Notebooks;

public partial class CommittedNotebooksTests
{
    [Fact]
    public void Every_notebook_is_committed_clean_with_polyglot_metadata()
    {
        var notebooks = TestRepository.AllNotebooks();
        Assert.NotEmpty(notebooks);
        var failures = new List<string>();
        foreach (var notebook in notebooks)
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
    public void Lessons_start_with_the_setup_cell_convention()
    {
        Assert.NotEmpty(TestRepository.LessonNames());
        foreach (var name in TestRepository.LessonNames())
        {
            var firstCode = NotebookDocument.Load(Path.Combine(TestRepository.NotebooksFolder, name)).Cells.First(c => c.IsCode).Source;
            Assert.Contains($"#r \"nuget: GanKit, {TestRepository.LocalGanKitVersion}\"", firstCode);
            Assert.Contains("environment/setup", firstCode);
        }
    }

    [Fact]
    public void Every_notebook_loads_GanKit_as_the_package_setup_packs()
    {
        foreach (var path in TestRepository.AllNotebooks())
        {
            var firstCode = NotebookDocument.Load(path).Cells.First(c => c.IsCode).Source;
            var reference = Reference().Match(firstCode);
            Assert.True(reference.Success, $"{path}: the first code cell has no #r \"nuget: GanKit, ...\"");
            Assert.Equal(TestRepository.LocalGanKitVersion, reference.Groups[1].Value);
            Assert.DoesNotContain("GanKit.dll", firstCode);
        }
    }

    [Fact]
    public void Notebooks_folder_holds_only_numbered_lessons()
    {
        foreach (var name in TestRepository.LessonNames())
        {
            Assert.Matches(@"^\d\d-[a-z0-9-]+\.ipynb$", name);
        }
    }

    [GeneratedRegex("""^#r\s+"nuget:\s*GanKit,\s*([^"]+)"\s*$""", RegexOptions.Multiline)]
    private static partial Regex Reference();
}
