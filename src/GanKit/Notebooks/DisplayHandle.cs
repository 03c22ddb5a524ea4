using System.Text.Json.Nodes;

namespace GanKit.Notebooks;

/// <summary>A displayed output that can be replaced in place, such as a progress bar or a live chart.</summary>
public sealed class DisplayHandle
{
    private readonly JsonObject _output;
    private readonly string[] _mimeTypes;

    internal DisplayHandle(JsonObject output, string[] mimeTypes)
    {
        _output = output;
        _mimeTypes = mimeTypes;
    }

    /// <summary>Shows <paramref name="value"/> in place of what this output showed.</summary>
    public void Update(object? value)
    {
        var replacement = NotebookOutputs.DisplayData(ValueFormatter.Format(value, _mimeTypes).Data);
        lock (_output)
        {
            _output["data"] = replacement["data"]!.DeepClone();
        }
    }
}
