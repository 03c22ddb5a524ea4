using System.Diagnostics;
using GanKit.Formats.Pickle;
using Xunit.Abstractions;

namespace GanKit.Tests.Formats;

public sealed class SnapshotFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 1000;
    private static readonly TimeSpan CaseLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Truncations and byte flips of the fixture snapshot: each must load or fail with a
    /// <see cref="GanKitFormatException"/> naming the file, quickly, and allocate at most a small multiple
    /// of its input. Half the flips hit the pickle structure (around each embedded torch payload) rather
    /// than tensor bytes, where a flip is harmless.
    /// </summary>
    [Fact]
    public void MutatedSnapshotsLoadOrFailCleanly()
    {
        var original = File.ReadAllBytes(Fixtures.Path("network-snapshot.pkl"));
        var buffer = (byte[])original.Clone();
        var structure = StructurePositions(original);
        var random = new Random(20240611);
        var problems = new List<string>();
        int loaded = 0, refused = 0;
        var slowest = TimeSpan.Zero;
        var worstRatio = 0.0;
        var worstLargeRatio = 0.0; // inputs of 1 MB or more, where fixed costs no longer matter
        var total = Stopwatch.StartNew();

        for (var i = 0; i < Cases; i++)
        {
            var length = original.Length;
            var flipped = new List<int>();
            var kind = i % 3; // 0: truncate, 1: flip, 2: both
            if (kind != 1)
                length = random.Next(original.Length);
            if (kind != 0)
            {
                for (var f = random.Next(1, 5); f > 0; f--)
                {
                    var position = random.Next(2) == 0 ? structure[random.Next(structure.Count)] : random.Next(original.Length);
                    buffer[position] ^= (byte)random.Next(1, 256);
                    flipped.Add(position);
                }
            }

            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var watch = Stopwatch.StartNew();
            try
            {
                NetworkSnapshot.Load(buffer.AsMemory(0, length), "fuzz.pkl");
                loaded++;
            }
            catch (GanKitFormatException e) when (e.Message.StartsWith("fuzz.pkl: ", StringComparison.Ordinal))
            {
                refused++;
            }
            catch (Exception e)
            {
                problems.Add($"case {i} (length {length}, flips at {string.Join(",", flipped)}): {e.GetType().Name}: {e.Message}");
            }
            watch.Stop();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

            if (watch.Elapsed > CaseLimit)
                problems.Add($"case {i} took {watch.Elapsed}");
            if (allocated > 8L * length + (256 << 10))
                problems.Add($"case {i} allocated {allocated} bytes for {length} input bytes");
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            worstRatio = Math.Max(worstRatio, allocated / (double)Math.Max(length, 1));
            if (length >= 1 << 20)
                worstLargeRatio = Math.Max(worstLargeRatio, allocated / (double)length);

            foreach (var position in flipped)
                buffer[position] = original[position];
        }

        total.Stop();
        output.WriteLine($"{Cases} cases in {total.Elapsed.TotalSeconds:F1} s: {loaded} loaded, {refused} refused; " +
                         $"slowest {slowest.TotalMilliseconds:F0} ms; worst allocation {worstRatio:F2}x input ({worstLargeRatio:F2}x for inputs of 1 MB+)");
        Assert.Empty(problems);
        Assert.True(total.Elapsed < TimeSpan.FromSeconds(60), $"fuzzing took {total.Elapsed}");
    }

    // Offsets just before and inside the head of each embedded legacy torch payload, plus the file's ends:
    // the opcodes, lengths and storage headers, not the float data.
    private static List<int> StructurePositions(byte[] file)
    {
        ReadOnlySpan<byte> magic = [0x80, 0x02, 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46];
        var positions = new HashSet<int>();
        void AddRange(int from, int to)
        {
            for (var p = Math.Max(from, 0); p < Math.Min(to, file.Length); p++)
                positions.Add(p);
        }

        AddRange(0, 2048);
        AddRange(file.Length - 2048, file.Length);
        for (var at = file.AsSpan().IndexOf(magic); at >= 0;)
        {
            AddRange(at - 200, at + 400);
            var next = file.AsSpan(at + 1).IndexOf(magic);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return [.. positions.Order()];
    }
}
