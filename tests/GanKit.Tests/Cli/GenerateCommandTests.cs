using System.Globalization;
using System.Text.Json.Nodes;
using GanKit.Imaging;
using GanKit.Latent;
using GanKit.Networks;
using GanKit.Networks.Layers;
using GanKit.Torch;

namespace GanKit.Tests.Cli;

/// <summary>
/// The fixture network converted once by <c>gankit convert</c> from its bare state dicts, beside the seeds and the
/// reference images of <c>cases.safetensors</c>.
/// </summary>
public sealed class ConvertedFixture : IDisposable
{
    public ConvertedFixture()
    {
        Dir = Directory.CreateTempSubdirectory("gankit-generate-").FullName;
        Pickle = Fixtures.Path("network-snapshot.pkl");
        Converted = Path.Combine(Dir, "converted.safetensors");
        CliProcess.Succeeds(Dir, "convert", "--network", Fixtures.Path("G.safetensors"), "--discriminator", Fixtures.Path("D.safetensors"),
            "--config", Fixtures.Path("config.json"), "--out", Converted);
        var config = JsonNode.Parse(File.ReadAllText(Fixtures.Path("config.json")))!.AsObject();
        Seeds = config["seeds"]!.AsArray().Select(s => s!.GetValue<uint>()).ToArray();
        NumWs = config["num_ws"]!.GetValue<int>();
        Cases = Safetensors.Read(Fixtures.Path("cases.safetensors"));
    }

    public string Dir { get; }
    public string Pickle { get; }
    public string Converted { get; }
    public uint[] Seeds { get; }
    public int NumWs { get; }
    public IReadOnlyDictionary<string, RawTensor> Cases { get; }

    public string SeedList => string.Join(',', Seeds.Select(s => s.ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// The reference 8-bit conversion of a case image, computed here from the float32 values:
    /// <c>clamp(floor(x · 127.5 + 128), 0, 255)</c>, as [N][H, W, RGB] bytes.
    /// </summary>
    public byte[][] ReferencePixels(string key)
    {
        var raw = Cases[key];
        Assert.Equal(ScalarType.Float32, raw.DType);
        var values = raw.ToFloat32();
        int n = (int)raw.Shape[0], c = (int)raw.Shape[1], h = (int)raw.Shape[2], w = (int)raw.Shape[3];
        var result = new byte[n][];
        for (var i = 0; i < n; i++)
        {
            result[i] = new byte[h * w * 3];
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    for (var ch = 0; ch < 3; ch++)
                    {
                        var v = values[((i * c + (c == 1 ? 0 : ch)) * h + y) * w + x];
                        result[i][(y * w + x) * 3 + ch] = (byte)Math.Clamp(MathF.Floor(v * 127.5f + 128f), 0f, 255f);
                    }
        }
        return result;
    }

    public void Dispose() => Directory.Delete(Dir, recursive: true);
}

/// <summary>
/// <c>gankit generate</c> and <c>gankit style-mix</c> as processes on the fixture network: PNGs equal the reference
/// conversion of the fixture images within one level, and the .pkl and its converted .safetensors give the same bytes.
/// </summary>
public sealed class GenerateCommandTests : IClassFixture<ConvertedFixture>, IDisposable
{
    private readonly ConvertedFixture _f;
    private readonly string _dir = Directory.CreateTempSubdirectory("gankit-generate-out-").FullName;

    public GenerateCommandTests(ConvertedFixture fixture) => _f = fixture;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string SeedFile(uint seed) => $"seed{seed:D4}.png";

    [Theory]
    [InlineData("img_psi1", "1", null)]
    [InlineData("img_psi0.5", "0.5", null)]
    [InlineData("img_psi0.7_cutoff4", "0.7", "4")]
    public void PngsMatchTheReferenceImagesFromPickleAndConvertedFile(string key, string psi, string? cutoff)
    {
        var expected = _f.ReferencePixels(key);
        Assert.Equal(_f.Seeds.Length, expected.Length);
        var outputs = new Dictionary<string, string>();
        foreach (var (name, network) in new[] { ("pkl", _f.Pickle), ("safetensors", _f.Converted) })
        {
            var outdir = Path.Combine(_dir, name);
            string[] args = ["generate", "--network", network, "--seeds", _f.SeedList, "--trunc", psi, "--noise-mode", "const", "--outdir", outdir];
            CliProcess.Succeeds(_dir, cutoff is null ? args : [.. args, "--trunc-cutoff", cutoff]);
            Assert.Equal(_f.Seeds.Select(SeedFile).Order(), Directory.GetFiles(outdir).Select(Path.GetFileName).Order());
            outputs[name] = outdir;

            for (var i = 0; i < _f.Seeds.Length; i++)
            {
                var image = RgbImage.Load(Path.Combine(outdir, SeedFile(_f.Seeds[i])));
                var reference = expected[i];
                Assert.Equal(reference.Length, image.Pixels.Length);
                var pixels = image.Pixels;
                int maxDiff = 0, exact = 0;
                for (var p = 0; p < reference.Length; p++)
                {
                    var d = Math.Abs(pixels[p] - reference[p]);
                    maxDiff = Math.Max(maxDiff, d);
                    if (d == 0) exact++;
                }
                Assert.True(maxDiff <= 1, $"{name} seed {_f.Seeds[i]} ({key}): a pixel differs by {maxDiff} levels from the reference");
                // Off-by-one only where float32 rounding straddles a level boundary: rare.
                Assert.True(exact >= reference.Length * 0.99, $"{name} seed {_f.Seeds[i]} ({key}): only {exact}/{reference.Length} values exact");
            }
        }

        // Issue 4: the snapshot and its converted network file write the same PNG bytes.
        foreach (var seed in _f.Seeds)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(outputs["pkl"], SeedFile(seed))),
                File.ReadAllBytes(Path.Combine(outputs["safetensors"], SeedFile(seed))));
        }
    }

    [Fact]
    public void TruncationTableGridHoldsEverySeedImage()
    {
        var seeds = _f.Seeds.Take(3).ToArray();
        var seedList = string.Join(',', seeds);
        var psis = new[] { "0.5", "1" };
        var singles = Path.Combine(_dir, "singles");
        CliProcess.Succeeds(_dir, "generate", "--network", _f.Converted, "--seeds", seedList, "--trunc", string.Join(',', psis), "--outdir", singles);
        var expectedFiles = seeds.SelectMany(s => psis.Select(p => $"seed{s:D4}-psi{p}.png")).Order();
        Assert.Equal(expectedFiles, Directory.GetFiles(singles).Select(Path.GetFileName).Order());

        var gridDir = Path.Combine(_dir, "grid");
        CliProcess.Succeeds(_dir, "generate", "--network", _f.Converted, "--seeds", seedList, "--trunc", string.Join(',', psis), "--grid", "--outdir", gridDir);
        Assert.Equal(["grid.png"], Directory.GetFiles(gridDir).Select(Path.GetFileName));
        var grid = RgbImage.Load(Path.Combine(gridDir, "grid.png"));

        // Each cell is its seed-and-ψ image, scaled up (nearest neighbour) to fit captions; find each one in the grid.
        var found = new List<(int X, int Y)>();
        foreach (var s in seeds)
        {
            foreach (var p in psis)
            {
                var image = RgbImage.Load(Path.Combine(singles, $"seed{s:D4}-psi{p}.png"));
                var scale = Math.Max(1, 128 / image.Width);
                var at = Find(grid, image.Upscale(scale));
                Assert.True(at is not null, $"seed {s} ψ {p} is not in the grid");
                found.Add(at.Value);
            }
        }
        // Rows are seeds and columns ψ: x follows ψ, y follows the seed.
        for (var i = 0; i < seeds.Length; i++)
        {
            Assert.True(found[i * 2].Y == found[i * 2 + 1].Y && found[i * 2].X < found[i * 2 + 1].X, "ψ is not along the row");
            if (i > 0) Assert.True(found[i * 2].Y > found[(i - 1) * 2].Y && found[i * 2].X == found[(i - 1) * 2].X, "seeds are not down the column");
        }
    }

    [Fact]
    public void StyleMixWritesTheGridAndCellsThatMatchTheReferenceMix()
    {
        // cases.safetensors' img_mix: ws of seed row 0 for the first num_ws/2 layers, of seed row 1 after.
        uint row = _f.Seeds[0], col = _f.Seeds[1], otherRow = _f.Seeds[2], otherCol = _f.Seeds[3];
        var styles = $"{_f.NumWs / 2}-{_f.NumWs - 1}";
        var outdir = Path.Combine(_dir, "mix");
        CliProcess.Succeeds(_dir, "style-mix", "--network", _f.Pickle, "--rows", $"{row},{otherRow}", "--cols", $"{col},{otherCol}",
            "--styles", styles, "--trunc", "1", "--outdir", outdir);
        var expectedFiles = new[] { row, otherRow }.SelectMany(r => new[] { col, otherCol }.Select(c => $"{r}-{c}.png")).Append("grid.png").Order();
        Assert.Equal(expectedFiles, Directory.GetFiles(outdir).Select(Path.GetFileName).Order());

        var mix = RgbImage.Load(Path.Combine(outdir, $"{row}-{col}.png"));
        var reference = _f.ReferencePixels("img_mix")[0];
        Assert.True(MaxDiff(mix.Pixels, reference) <= 1, "style-mix cell differs from the reference img_mix by more than one level");

        // Every cell against a mix computed here, directly from the mapping's ws.
        using var nets = NetworkFile.Load(_f.Pickle);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var G = nets.G_ema;
        var grid = RgbImage.Load(Path.Combine(outdir, "grid.png"));
        foreach (var r in new[] { row, otherRow })
        {
            foreach (var c in new[] { col, otherCol })
            {
                var rowWs = G.SeedsToWs([r]);
                var colWs = G.SeedsToWs([c]);
                var mixed = torch.cat([rowWs.narrow(1, 0, _f.NumWs / 2), colWs.narrow(1, _f.NumWs / 2, _f.NumWs - _f.NumWs / 2)], 1);
                var expected = TensorImageConversion.ToImage(G.synthesis.forward(mixed, NoiseMode.Const));
                var cell = RgbImage.Load(Path.Combine(outdir, $"{r}-{c}.png"));
                Assert.True(MaxDiff(cell.Pixels, expected.Pixels) <= 1, $"cell {r}-{c} differs from the mix computed here");
                Assert.True(Find(grid, cell.Upscale(Math.Max(1, 128 / cell.Width))) is not null, $"cell {r}-{c} is not in grid.png");
                // The mix really mixes: it is neither source image.
                var own = TensorImageConversion.ToImage(G.synthesis.forward(rowWs, NoiseMode.Const));
                Assert.True(MaxDiff(cell.Pixels, own.Pixels) > 1, $"cell {r}-{c} equals the row image");
            }
        }
    }

    private static int MaxDiff(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0;
        for (var i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }

    /// <summary>The top-left corner where <paramref name="needle"/> appears pixel for pixel in <paramref name="haystack"/>, or null.</summary>
    private static (int X, int Y)? Find(RgbImage haystack, RgbImage needle)
    {
        var h = haystack.Pixels;
        var n = needle.Pixels;
        int hw = haystack.Width, nw = needle.Width, nh = needle.Height;
        for (var y = 0; y + nh <= haystack.Height; y++)
        {
            for (var x = 0; x + nw <= hw; x++)
            {
                var match = true;
                for (var yy = 0; yy < nh && match; yy++)
                {
                    match = h.Slice(((y + yy) * hw + x) * 3, nw * 3).SequenceEqual(n.Slice(yy * nw * 3, nw * 3));
                }
                if (match) return (x, y);
            }
        }
        return null;
    }
}
