using System.Text;
using System.Text.Json.Nodes;

namespace GanKit.Notebooks;

/// <summary>Gathers one cell's outputs in order: console text as stream outputs between displayed values.</summary>
internal sealed class CellOutputCollector
{
    private readonly NotebookCell _cell;
    private readonly StringBuilder _pending = new();
    private string? _pendingStream;

    public CellOutputCollector(NotebookCell cell)
    {
        _cell = cell;
    }

    public void WriteConsole(string stream, string text)
    {
        lock (_pending)
        {
            if (_pendingStream != stream)
            {
                FlushLocked();
                _pendingStream = stream;
            }
            _pending.Append(text);
        }
    }

    public DisplayHandle Display(object? value, string[] mimeTypes)
    {
        var output = NotebookOutputs.DisplayData(ValueFormatter.Format(value, mimeTypes).Data);
        lock (_pending)
        {
            FlushLocked();
            _cell.Outputs.Add(output);
        }
        return new DisplayHandle(output, mimeTypes);
    }

    public void AddOutput(JsonObject output)
    {
        lock (_pending)
        {
            FlushLocked();
            _cell.Outputs.Add(output);
        }
    }

    public void Flush()
    {
        lock (_pending)
        {
            FlushLocked();
        }
    }

    private void FlushLocked()
    {
        if (_pending.Length == 0 || _pendingStream is null)
        {
            return;
        }
        // Text printed in several pieces joins the previous stream output of the same kind.
        if (_cell.Outputs.Count > 0 && _cell.Outputs[^1] is var last &&
            NotebookOutputs.Kind(last) == "stream" && last["name"]?.GetValue<string>() == _pendingStream)
        {
            last["text"] = NotebookText.Write(NotebookOutputs.GetStreamText(last) + _pending);
        }
        else
        {
            _cell.Outputs.Add(NotebookOutputs.Stream(_pendingStream, _pending.ToString()));
        }
        _pending.Clear();
    }
}
