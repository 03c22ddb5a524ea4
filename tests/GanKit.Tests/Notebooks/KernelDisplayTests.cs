using GanKit.Notebooks;
using GanKit.Tests.Visuals;
using Xunit.Abstractions;

namespace GanKit.Tests.Notebooks;

/// <summary>GanKit's values in the real .NET Interactive kernel: charts draw, live displays end in their last state, tensors load.</summary>
[Collection(DisplayGlobalsCollection.Name)]
public sealed class KernelDisplayTests(ITestOutputHelper output)
{
    [BrowserFact]
    public async Task Chart_and_live_displays_in_the_kernel_draw_and_keep_their_final_state()
    {
        var document = NotebookDocument.CreatePolyglot();
        document.AddCode(NotebookPageCheckTests.SetupCell);
        // libtorch loads inside the kernel process (GanKit's initializer ran when the setup cell touched GanKit).
        document.AddCode("TorchSharp.torch.ones(2, 3).sum().item<float>()");
        document.AddCode("new Figure(new Scatter { Y = new[] { 3.0, 1.0, 2.0 }, Mode = \"lines\", Name = \"loss\" }).WithTitle(\"A GanKit chart\").WithSize(480, 300)");
        document.AddCode("""
            var losses = new List<double>();
            var chart = LiveDisplay.Show(new Figure(new Scatter { Y = losses.ToArray() }).WithTitle("loss after 0 steps"));
            var bar = LiveDisplay.Show(new ProgressDisplay("steps", 0, 4));
            for (var step = 1; step <= 4; step++)
            {
                losses.Add(1.0 / step);
                chart.Update(new Figure(new Scatter { Y = losses.ToArray() }).WithTitle($"loss after {step} steps"));
                bar.Update(new ProgressDisplay("steps", step, 4));
            }
            """);
        var path = Path.Combine(TestRepository.NewNotebookFolder("kernel-display"), "kernel-display.ipynb");
        document.Save(path);

        var (run, page) = await NotebookPageCheck.AssertRunsAndShowsAsync(path, output, TimeSpan.FromSeconds(180));
        Assert.Equal(2, page.Figures); // the chart, and the live chart in its last state
        NotebookPageCheck.AssertProgressBarsComplete(run);

        var cells = NotebookDocument.Load(run.ExecutedPath).Cells;
        Assert.Contains("<pre>6</pre>", NotebookOutputs.GetData(cells[1].Outputs.Single(), "text/html"));
        var chart = cells[2].Outputs.Single();
        Assert.Contains("gankit-plotly", NotebookOutputs.GetData(chart, "text/html"));
        Assert.Equal("Figure \"A GanKit chart\": 1 trace(s)", NotebookOutputs.GetData(chart, "text/plain"));
        var live = cells[3].Outputs.Select(o => NotebookOutputs.GetData(o, "text/plain")).ToList();
        Assert.Equal(["Figure \"loss after 4 steps\": 1 trace(s)", "steps [####################] 100% (4/4)"], live);
    }
}
