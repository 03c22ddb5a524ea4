using System.CommandLine;
using GanKit.Cli.Commands;
using GanKit.Notebooks;
using GanKit.Tests.Visuals;

namespace GanKit.Tests.Notebooks;

[Collection(DisplayGlobalsCollection.Name)]
public sealed class NotebookCommandTests : IDisposable
{
    // Inside the checkout: the kernel finds its tool manifest from the notebook's folder.
    private readonly DirectoryInfo _folder = new(TestRepository.NewNotebookFolder("cli"));

    public void Dispose() => _folder.Delete(recursive: true);

    private static Task<int> Invoke(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(NotebookCommand.Create());
        return root.Parse(args).InvokeAsync();
    }

    private string Write(string name, params string[] cells)
    {
        var document = NotebookDocument.CreatePolyglot();
        foreach (var cell in cells)
        {
            document.AddCode(cell);
        }
        var path = Path.Combine(_folder.FullName, name);
        document.Save(path);
        return path;
    }

    [Fact]
    public async Task Run_writes_executed_notebook_and_page()
    {
        var notebook = Write("ok.ipynb", NotebookPageCheckTests.SetupCell, "var x = 20;", "new GanKit.Visuals.Html($\"<b>{x * 2}</b>\")");
        var executed = Path.Combine(_folder.FullName, "out", "executed.ipynb");
        var page = Path.Combine(_folder.FullName, "out", "page.html");
        Assert.Equal(0, await Invoke("notebook", "run", notebook, "--out", executed, "--html", page, "--timeout", "180"));
        // The kernel's connection script (it would reach for the gone kernel and a CDN) is not kept.
        var outputs = NotebookDocument.Load(executed).Cells.SelectMany(c => c.Outputs).ToList();
        Assert.DoesNotContain(outputs, o => NotebookOutputs.GetData(o, "text/html")?.Contains("probeAddresses") == true);
        Assert.Equal("<b>40</b>", NotebookOutputs.GetData(NotebookDocument.Load(executed).Cells[2].Outputs[0], "text/html"));
        Assert.Contains("<b>40</b>", File.ReadAllText(page));
    }

    [Fact]
    public async Task Run_fails_with_exit_code_one_but_still_writes_outputs()
    {
        var notebook = Write("bad.ipynb", "Console.WriteLine(1);", "throw new Exception(\"x\");");
        var executed = Path.Combine(_folder.FullName, "bad-executed.ipynb");
        Assert.Equal(1, await Invoke("notebook", "run", notebook, "--out", executed, "--timeout", "180"));
        Assert.Equal("error", NotebookOutputs.Kind(NotebookDocument.Load(executed).Cells[1].Outputs[0]));
        Assert.Equal(2, await Invoke("notebook", "run", Path.Combine(_folder.FullName, "missing.ipynb")));
    }

    [Fact]
    public async Task Clean_then_check()
    {
        var notebook = Write("dirty.ipynb", "1");
        var dirty = NotebookDocument.Load(notebook);
        dirty.Cells[0].Outputs.Add(NotebookOutputs.DisplayData([new("text/plain", "1")]));
        dirty.Cells[0].ExecutionCount = 1;
        dirty.Save(notebook);
        Assert.Equal(1, await Invoke("notebook", "check", notebook));
        Assert.Equal(0, await Invoke("notebook", "clean", notebook));
        Assert.Equal(0, await Invoke("notebook", "check", notebook));
    }
}
