using GanKit.Torch;
using GanKit.Torch.NativeCompat;

namespace GanKit.Tests.Torch;

public class LibStdCxxCompatTests
{
    private static string TorchSharpNative() =>
        LibStdCxxCompat.FindTorchSharpNative(typeof(torch).Assembly) ?? throw new FileNotFoundException("libLibTorchSharp.so beside TorchSharp.dll");

    private static string LoadedLibStdCxx() =>
        LibStdCxxCompat.LoadedLibStdCxx() ?? throw new FileNotFoundException("libstdc++ is not mapped into the test process");

    private static IReadOnlyList<VersionNeed> Needs(string path) => ElfVersionNeeds.Parse(File.ReadAllBytes(path), path).Needs;

    [Fact]
    public void OnlyVersionsTheSystemLacksArePatched()
    {
        var needs = Needs(TorchSharpNative());
        var provided = ElfVersionNeeds.Parse(File.ReadAllBytes(LoadedLibStdCxx()), "libstdc++").Definitions;
        Assert.Contains("GLIBCXX_3.4", provided);
        Assert.Contains(needs, n => n.File == "libstdc++.so.6" && n.Version == "GLIBCXX_3.4.32");

        // A libstdc++ that has every version TorchSharp names: nothing to patch (the no-op case of a new system).
        var everything = provided.Concat(needs.Select(n => n.Version));
        Assert.Empty(LibStdCxxCompat.Missing(needs, everything));

        // Without GLIBCXX_3.4.32 (Debian 12, Ubuntu 22.04): exactly that need, and only from libstdc++.
        var older = provided.Where(v => v != "GLIBCXX_3.4.32");
        var missing = LibStdCxxCompat.Missing(needs, older);
        Assert.Equal(["GLIBCXX_3.4.32"], missing.Select(n => n.Version));
    }

    [Fact]
    public void ThePatchedCopyDiffersOnlyInTheWeakFlag()
    {
        var original = TorchSharpNative();
        var missing = LibStdCxxCompat.Missing(Needs(original), ["GLIBCXX_3.4"]);
        Assert.NotEmpty(missing);
        var folder = Path.Combine(Path.GetTempPath(), $"gankit-compat-{Guid.NewGuid():N}");
        try
        {
            var copy = LibStdCxxCompat.WritePatchedCopy(original, missing, folder);
            var before = File.ReadAllBytes(original);
            var after = File.ReadAllBytes(copy);
            Assert.Equal(before.Length, after.Length);
            var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
            // One flags field per weakened need, and in it only the VER_FLG_WEAK bit.
            Assert.Equal(missing.Select(n => n.FlagsOffset).OrderBy(o => o), changed.OrderBy(o => o));
            Assert.All(changed, i => Assert.Equal(ElfVersionNeeds.VerFlgWeak, before[i] ^ after[i]));
            var patchedNeeds = Needs(copy);
            Assert.All(patchedNeeds, n => Assert.Equal(missing.Any(m => m.Version == n.Version && m.File == n.File), n.IsWeak));

            // Writing again reuses the file, and the original stays untouched.
            var writtenAt = File.GetLastWriteTimeUtc(copy);
            Assert.Equal(copy, LibStdCxxCompat.WritePatchedCopy(original, missing, folder));
            Assert.Equal(writtenAt, File.GetLastWriteTimeUtc(copy));
            Assert.Equal(before, File.ReadAllBytes(original));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheProcessUsesTheCopyExactlyWhenItsLibStdCxxNeedsIt()
    {
        TorchRuntime.EnsureInitialized();
        var provided = ElfVersionNeeds.Parse(File.ReadAllBytes(LoadedLibStdCxx()), "libstdc++").Definitions;
        var needed = LibStdCxxCompat.Missing(Needs(TorchSharpNative()), provided).Count > 0;
        Assert.Equal(needed, TorchRuntime.LibStdCxxCompatCopy is not null);
        // Either way TorchSharp works.
        using var product = torch.ones(2, 3).matmul(torch.ones(3, 2));
        Assert.Equal(3f, product[0, 0].item<float>());
    }

    [Fact]
    public void NonElfFilesAreRefusedWithTheirName()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfVersionNeeds.Parse("not an ELF file at all, just text............................"u8.ToArray(), "notes.txt"));
        Assert.Contains("notes.txt", error.Message);
    }
}
