using GanKit.Tests.Visuals;
using Xunit.Abstractions;

namespace GanKit.Tests.Notebooks;

/// <summary>Every lesson in notebooks/ runs in the .NET Interactive kernel within the time limit and its nbconvert page shows in Chromium.</summary>
[Collection(DisplayGlobalsCollection.Name)]
public sealed class LessonNotebookTests(ITestOutputHelper output)
{
    /// <summary>The lessons' file names (a theory with no data fails, so an empty notebooks/ folder is caught).</summary>
    public static TheoryData<string> Lessons => [.. TestRepository.LessonNames()];

    [BrowserTheory]
    [MemberData(nameof(Lessons))]
    public async Task Lesson_runs_in_the_kernel_and_its_page_shows_in_chromium(string notebook)
    {
        var (run, page) = await NotebookPageCheck.AssertRunsAndShowsAsync(Path.Combine(TestRepository.NotebooksFolder, notebook), output);
        Assert.True(page.Figures + page.Images > 0, $"{notebook} shows no figure and no image");
        NotebookPageCheck.AssertProgressBarsComplete(run);
        NotebookPageCheck.AssertNoCompilerWarnings(run);
    }
}
