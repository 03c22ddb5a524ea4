using System.CommandLine;
using GanKit.Cli.Commands;
using GanKit.Notebooks;
using GanKit.Tests.Visuals;

namespace GanKit.Tests.Notebooks;

[Collection(DisplayGlobalsCollection.Name)]
public sealed class NotebookCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("gankit-notebook-cli-");

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
        var notebook = Write("ok.ipynb", "var x = 20;", "x * 2");
        var executed = Path.Combine(_folder.FullName, "out", "executed.ipynb");
        var page = Path.Combine(_folder.FullName, "out", "page.html");
        Assert.Equal(0, await Invoke("notebook", "run", notebook, "--out", executed, "--html", page, "--timeout", "60"));
        Assert.Equal("40", NotebookOutputs.GetData(NotebookDocument.Load(executed).Cells[1].Outputs[0], "text/plain"));
        Assert.Contains("<pre>40</pre>", File.ReadAllText(page));
    }

    [Fact]
    public async Task Run_fails_with_exit_code_one_but_still_writes_outputs()
    {
        var notebook = Write("bad.ipynb", "Console.WriteLine(1);", "throw new Exception(\"x\");");
        var executed = Path.Combine(_folder.FullName, "bad-executed.ipynb");
        Assert.Equal(1, await Invoke("notebook", "run", notebook, "--out", executed));
        Assert.Equal("error", NotebookOutputs.Kind(NotebookDocument.Load(executed).Cells[1].Outputs[0]));
        Assert.Equal(2, await Invoke("notebook", "run", Path.Combine(_folder.FullName, "missing.ipynb")));
    }

    [Fact]
    public async Task Clean_then_check()
    {
        var notebook = Write("dirty.ipynb", "1");
        var result = await NotebookRunner.RunFileAsync(notebook, new NotebookRunOptions { UseNotebookFolderAsCurrentDirectory = false });
        result.Notebook.Save(notebook);
        Assert.Equal(1, await Invoke("notebook", "check", notebook));
        Assert.Equal(0, await Invoke("notebook", "clean", notebook));
        Assert.Equal(0, await Invoke("notebook", "check", notebook));
    }
}
