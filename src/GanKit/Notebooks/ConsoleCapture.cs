using System.Text;

namespace GanKit.Notebooks;

/// <summary>
/// Routes Console output of running cells into their outputs. Console.Out is process-wide, so it is
/// replaced once by a writer that sends text to the collector of the current async flow (cells and the
/// tasks they start), and to the original console everywhere else: concurrent runs do not mix.
/// </summary>
internal static class ConsoleCapture
{
    private static readonly AsyncLocal<CellOutputCollector?> CurrentCollector = new();
    private static readonly Lock InstallLock = new();
    private static bool _installed;

    public static CellOutputCollector? Current
    {
        get => CurrentCollector.Value;
        set
        {
            Install();
            CurrentCollector.Value = value;
        }
    }

    private static void Install()
    {
        lock (InstallLock)
        {
            if (_installed)
            {
                return;
            }
            Console.SetOut(new RoutingWriter(Console.Out, "stdout"));
            Console.SetError(new RoutingWriter(Console.Error, "stderr"));
            _installed = true;
        }
    }

    private sealed class RoutingWriter(TextWriter original, string stream) : TextWriter
    {
        public override Encoding Encoding => original.Encoding;

        public override void Write(char value)
        {
            if (CurrentCollector.Value is { } collector)
            {
                collector.WriteConsole(stream, value.ToString());
            }
            else
            {
                original.Write(value);
            }
        }

        public override void Write(string? value)
        {
            if (CurrentCollector.Value is { } collector)
            {
                collector.WriteConsole(stream, value ?? "");
            }
            else
            {
                original.Write(value);
            }
        }

        public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

        public override void WriteLine(string? value) => Write((value ?? "") + NewLine);

        public override void Flush()
        {
            if (CurrentCollector.Value is null)
            {
                original.Flush();
            }
        }
    }
}
