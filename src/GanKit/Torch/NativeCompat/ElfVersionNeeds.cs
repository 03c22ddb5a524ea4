using System.Buffers.Binary;
using System.Text;

namespace GanKit.Torch.NativeCompat;

/// <summary>
/// Reads the symbol-version tables of a 64-bit little-endian ELF shared library: the versions it needs from
/// other libraries (<c>.gnu.version_r</c>, e.g. <c>GLIBCXX_3.4.32</c> from libstdc++) and the versions it
/// defines (<c>.gnu.version_d</c>). Just enough of the ELF format to mark one need as weak.
/// </summary>
internal sealed class ElfVersionNeeds
{
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>The <c>vna_flags</c> bit that makes a missing version a warning instead of a load failure.</summary>
    internal const ushort VerFlgWeak = 0x2;

    private ElfVersionNeeds(IReadOnlyList<VersionNeed> needs, IReadOnlyList<string> definitions)
    {
        Needs = needs;
        Definitions = definitions;
    }

    /// <summary>Each needed version: the library it is needed from, its name, flags and the file offset of the flags.</summary>
    internal IReadOnlyList<VersionNeed> Needs { get; }

    /// <summary>The version names the library defines (libstdc++: <c>GLIBCXX_3.4</c> … <c>GLIBCXX_3.4.30</c>, ...).</summary>
    internal IReadOnlyList<string> Definitions { get; }

    /// <summary>Parses the version tables of <paramref name="bytes"/>, the whole file.</summary>
    /// <exception cref="InvalidDataException">Not a 64-bit little-endian ELF file, or its tables are out of bounds.</exception>
    internal static ElfVersionNeeds Parse(byte[] bytes, string name)
    {
        ReadOnlySpan<byte> magic = [0x7f, (byte)'E', (byte)'L', (byte)'F'];
        if (bytes.Length < 64 || !bytes.AsSpan(0, 4).SequenceEqual(magic))
            throw new InvalidDataException($"{name}: not an ELF file");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException($"{name}: only 64-bit little-endian ELF files are supported");

        var sectionOffset = checked((int)U64(bytes, 0x28));
        var sectionSize = U16(bytes, 0x3a);
        var sectionCount = U16(bytes, 0x3c);
        var sections = new List<(uint Type, int Offset, int Size, int Link, int Info)>();
        for (var i = 0; i < sectionCount; i++)
        {
            var s = bytes.AsSpan(checked(sectionOffset + i * sectionSize), 64);
            sections.Add((U32(s, 4), checked((int)U64(s, 0x18)), checked((int)U64(s, 0x20)), (int)U32(s, 0x28), (int)U32(s, 0x2c)));
        }

        string StringAt(int table, uint offset)
        {
            var start = checked(sections[table].Offset + (int)offset);
            var length = bytes.AsSpan(start).IndexOf((byte)0);
            if (length < 0) throw new InvalidDataException($"{name}: unterminated string in the version tables");
            return Encoding.ASCII.GetString(bytes, start, length);
        }

        var needs = new List<VersionNeed>();
        var definitions = new List<string>();
        foreach (var section in sections)
        {
            if (section.Type == ShtGnuVerneed)
            {
                var entry = section.Offset;
                for (var i = 0; i < section.Info; i++)
                {
                    var file = StringAt(section.Link, U32(bytes, entry + 4));
                    var aux = entry + (int)U32(bytes, entry + 8);
                    for (var j = 0; j < U16(bytes, entry + 2); j++)
                    {
                        needs.Add(new VersionNeed(file, StringAt(section.Link, U32(bytes, aux + 8)), U16(bytes, aux + 4), aux + 4));
                        aux += (int)U32(bytes, aux + 12);
                    }
                    entry += (int)U32(bytes, entry + 12);
                }
            }
            else if (section.Type == ShtGnuVerdef)
            {
                var entry = section.Offset;
                for (var i = 0; i < section.Info; i++)
                {
                    // The first auxiliary entry of a definition names it; later ones name its parents.
                    var aux = entry + (int)U32(bytes, entry + 12);
                    definitions.Add(StringAt(section.Link, U32(bytes, aux)));
                    entry += (int)U32(bytes, entry + 16);
                }
            }
        }
        return new ElfVersionNeeds(needs, definitions);
    }

    private static ushort U16(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
    private static uint U32(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
    private static ulong U64(ReadOnlySpan<byte> b, int at) => BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);
}

/// <summary>One needed symbol version of an ELF library.</summary>
/// <param name="File">The library it is needed from (<c>libstdc++.so.6</c>).</param>
/// <param name="Version">The version name (<c>GLIBCXX_3.4.32</c>).</param>
/// <param name="Flags">Its <c>vna_flags</c>.</param>
/// <param name="FlagsOffset">The file offset of <c>vna_flags</c>.</param>
internal sealed record VersionNeed(string File, string Version, ushort Flags, int FlagsOffset)
{
    /// <summary>Whether the need is weak (a missing version only warns).</summary>
    public bool IsWeak => (Flags & ElfVersionNeeds.VerFlgWeak) != 0;
}
