using System.Diagnostics;
using GanKit.Imaging;
using GanKit.Tests.Cli;
using GanKit.Torch;
using GanKit.Training;

namespace GanKit.Tests.Training.Loop;

/// <summary><c>gankit train</c> as a user runs it: bad input refused cleanly, and a run killed with SIGKILL and resumed.</summary>
public class TrainCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("gankit-traincli-").FullName;

    /// <summary>A folder of the synthetic squares as PNG files.</summary>
    private string WriteImages()
    {
        var folder = Path.Combine(_root, "squares");
        Directory.CreateDirectory(folder);
        using var dataset = new InMemoryDataset(count: 32);
        using var batch = dataset.Batches(32, 0).First();
        var hwc = batch.Images.permute(0, 2, 3, 1).contiguous().data<byte>().ToArray();
        var size = 32 * 32 * 3;
        for (var i = 0; i < 32; i++)
            RgbImage.FromRgb(32, 32, hwc.AsSpan(i * size, size)).Save(Path.Combine(folder, $"img{i:D2}.png"));
        return folder;
    }

    private string[] TrainArgs(string data, string outdir, double kimg, params string[] more) =>
    [
        "train", "--data", data, "--outdir", outdir, "--network-config", Fixtures.Path("config.json"), "--kimg", kimg.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "--tick", "0.016", "--batch", "4", "--snap", "1", "--seed", "3", "--device", "cpu", "--workers", "1", .. more,
    ];

    [Fact]
    public void BadInputIsOneClearErrorAndLeavesNothingBehind()
    {
        var images = WriteImages();
        var outdir = Path.Combine(_root, "runs");
        CliProcess.FailsCleanly(_root, ["train", "--outdir", outdir], "--data", "required");
        CliProcess.FailsCleanly(_root, TrainArgs(Path.Combine(_root, "nowhere"), outdir, 0.016), "--data", "nowhere");
        CliProcess.FailsCleanly(_root, TrainArgs(images, outdir, 0.016, "--cfg", "huge"), "--cfg", "huge");
        CliProcess.FailsCleanly(_root, TrainArgs(images, outdir, 0), "--kimg");
        CliProcess.FailsCleanly(_root, TrainArgs(images, outdir, 0.016, "--aug", "fixed"), "--aug fixed", "--p");
        CliProcess.FailsCleanly(_root, TrainArgs(images, outdir, 0.016, "--aug", "fixed", "--p", "1.5"), "--p", "[0, 1]");
        CliProcess.FailsCleanly(_root, TrainArgs(images, outdir, 0.016, "--p", "0.3"), "--p", "--aug fixed");
        CliProcess.FailsCleanly(_root, TrainArgs(images, outdir, 0.016, "--augpipe", "bgx"), "--augpipe", "bgx", "bgcfnc");
        CliProcess.FailsCleanly(_root, TrainArgs(images, outdir, 0.016, "--freezed", "99"), "--freezed 99", "b32.fromrgb");
        Assert.False(Directory.Exists(outdir));

        var blocker = Path.Combine(_root, "a-file");
        File.WriteAllText(blocker, "");
        CliProcess.FailsCleanly(_root, TrainArgs(images, Path.Combine(blocker, "runs"), 0.016), "--outdir", "not writable");
        Assert.Equal([blocker], Directory.GetFileSystemEntries(_root).Where(p => p != images && p != outdir).ToArray());
    }

    [Fact]
    public void MetricsAtEverySnapshotGoToMetricsJsonlAndLeaveTheTrainingUntouched()
    {
        var images = WriteImages();
        CliProcess.Succeeds(_root, TrainArgs(images, Path.Combine(_root, "measured"), 0.032, "--metrics", "swd1k"));
        CliProcess.Succeeds(_root, TrainArgs(images, Path.Combine(_root, "plain"), 0.032));
        string Run(string name) => Directory.GetDirectories(Path.Combine(_root, name)).Single();
        var lines = File.ReadAllLines(Path.Combine(Run("measured"), "metrics.jsonl"));
        Assert.Equal(2, lines.Length); // --snap 1 with 0.016-kimg ticks: two snapshots
        Assert.All(lines, l => Assert.Contains("swd1k_avg", l));
        Assert.Contains("metric swd1k", File.ReadAllText(Path.Combine(Run("measured"), "log.txt")));
        Assert.False(File.Exists(Path.Combine(Run("plain"), "metrics.jsonl")));

        // Measuring draws from its own generators: the trained weights are those of the run without metrics, bit for bit.
        string Last(string name) => Directory.GetFiles(Run(name), "network-snapshot-*.safetensors").Order().Last();
        var measured = Safetensors.Read(Last("measured"));
        var plain = Safetensors.Read(Last("plain"));
        Assert.Equal(plain.Keys.Order(), measured.Keys.Order());
        foreach (var (key, tensor) in plain)
            Assert.True(tensor.Data.AsSpan().SequenceEqual(measured[key].Data), $"{key} differs when metrics are measured");

        // A metric that needs the Inception detector fails before training when the detector is missing.
        var emptyCache = Directory.CreateDirectory(Path.Combine(_root, "empty-cache")).FullName;
        var refused = CliProcess.RunWith(new Dictionary<string, string?> { ["GANKIT_CACHE"] = emptyCache }, _root,
            TrainArgs(images, Path.Combine(_root, "needs-detector"), 0.016, "--metrics", "fid1k"));
        CliProcess.AssertFailsCleanly(refused, "inception-2015-12-05");
        Assert.False(Directory.Exists(Path.Combine(_root, "needs-detector")));
    }

    [Fact]
    public void RunKilledAfterASnapshotResumesToTheSameWeightsBitForBit()
    {
        var images = WriteImages();
        const double kimg = 0.048;
        var whole = CliProcess.Succeeds(_root, TrainArgs(images, Path.Combine(_root, "whole"), kimg));
        var wholeSnapshot = Directory.GetFiles(Path.Combine(_root, "whole"), "network-snapshot-*.safetensors", SearchOption.AllDirectories).Single();
        Assert.Contains("done", whole.Stdout);

        // Start the same run and kill it (SIGKILL: no chance to clean up) as soon as its first snapshot is on disk.
        var outdir = Path.Combine(_root, "killed");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliProcess.Dll);
        foreach (var a in TrainArgs(images, outdir, kimg)) start.ArgumentList.Add(a);
        start.Environment["NO_COLOR"] = "1";
        string? snapshot = null;
        using (var process = Process.Start(start)!)
        {
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (snapshot is null && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(90))
            {
                snapshot = Directory.Exists(outdir)
                    ? Directory.GetFiles(outdir, "network-snapshot-*.safetensors", SearchOption.AllDirectories).FirstOrDefault()
                    : null;
                if (snapshot is null) Thread.Sleep(10);
            }
            Assert.False(process.HasExited, "the run ended before it could be killed");
            process.Kill(); // SIGKILL on Unix
            process.WaitForExit();
        }
        Assert.NotNull(snapshot);
        var progress = TrainingCheckpoint.ReadProgress(snapshot!)!;
        Assert.True(progress.CurNimg < 48, $"the killed run had reached {progress.CurNimg} images");

        var resumed = CliProcess.Succeeds(_root, TrainArgs(images, outdir, kimg, "--resume", snapshot!));
        Assert.Contains("resuming", resumed.Stdout);
        var final = Directory.GetDirectories(outdir).Order().Last();
        var resumedSnapshot = Directory.GetFiles(final, "network-snapshot-*.safetensors").Single();

        var expected = Safetensors.Read(wholeSnapshot);
        var actual = Safetensors.Read(resumedSnapshot);
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        var different = expected.Keys.Where(k => !expected[k].Data.AsSpan().SequenceEqual(actual[k].Data)).ToList();
        Assert.True(different.Count == 0, $"{different.Count} tensors differ, e.g. {string.Join(", ", different.Take(5))}");
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}
