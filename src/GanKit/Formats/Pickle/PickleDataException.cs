namespace GanKit.Formats.Pickle;

/// <summary>
/// Invalid content found while interpreting a pickle. Thrown by the opcode machine and the global
/// handlers without file context; <see cref="PickleReader"/> turns it into a
/// <see cref="GanKitFormatException"/> that names the file and the byte offset.
/// </summary>
internal sealed class PickleDataException(string message) : Exception(message);
