using System.Globalization;
using System.Text.Json.Nodes;

namespace GanKit.Training;

/// <summary>
/// The settings of a <see cref="TrainingRun"/>, named as <c>gankit train</c>'s flags: where the run folder goes, the
/// data, the <c>--cfg</c> preset (or a network configuration file for small custom networks), length, overrides,
/// snapshot interval, seed and what to resume from.
/// </summary>
public sealed record TrainingRunOptions
{
    /// <summary>Folder that receives the numbered run folders (<c>--outdir</c>).</summary>
    public required string OutDir { get; init; }

    /// <summary>The data set's path (<c>--data</c>), recorded in <c>training_options.json</c>; the set itself is passed to the run.</summary>
    public string? Data { get; init; }

    /// <summary>The <c>--cfg</c> preset (<see cref="TrainingPreset.Names"/>): optimisation settings, and the networks unless <see cref="NetworkConfig"/> is given.</summary>
    public string Cfg { get; init; } = "auto";

    /// <summary>
    /// A JSON file <c>{"generator": {...}, "discriminator": {...}}</c> with the reference keyword arguments
    /// (<c>--network-config</c>); null: the preset's networks.
    /// </summary>
    public string? NetworkConfig { get; init; }

    /// <summary>Length of the run in thousands of real images shown (<c>--kimg</c>).</summary>
    public double Kimg { get; init; } = 25000;

    /// <summary>Minibatch size (<c>--batch</c>); null: the preset's.</summary>
    public int? Batch { get; init; }

    /// <summary>R1 γ (<c>--gamma</c>); null: the preset's.</summary>
    public double? Gamma { get; init; }

    /// <summary>G's learning rate before the lazy-regularisation correction (<c>--glr</c>, StyleGAN3's name); null: the preset's.</summary>
    public double? GLr { get; init; }

    /// <summary>D's learning rate before the lazy-regularisation correction (<c>--dlr</c>); null: the preset's.</summary>
    public double? DLr { get; init; }

    /// <summary>Whether the data set adds x-flipped copies (<c>--mirror</c>; applied by the data set, recorded here).</summary>
    public bool Mirror { get; init; }

    /// <summary>Train a conditional network on the data set's labels (<c>--cond</c>).</summary>
    public bool Cond { get; init; }

    /// <summary>A snapshot every this many ticks (<c>--snap</c>), and always at the end.</summary>
    public int Snap { get; init; } = 50;

    /// <summary>Seed of the network initialisation, the random draws and the data order (<c>--seed</c>).</summary>
    public int Seed { get; init; }

    /// <summary>
    /// A training snapshot to continue exactly, or a plain network file / reference <c>.pkl</c> to start from with
    /// fresh optimizers (<c>--resume</c>); null: new networks.
    /// </summary>
    public string? Resume { get; init; }

    /// <summary>Where to train; null: the CPU.</summary>
    public Device? Device { get; init; }

    /// <summary>Thousands of images per tick: one line of <c>stats.jsonl</c> and one progress event each (4 as the reference).</summary>
    public double TickKimg { get; init; } = 4;

    /// <summary>Background decoding workers (<c>--workers</c>), recorded here; the data set uses them. Null: the data set's default.</summary>
    public int? Workers { get; init; }

    /// <summary>
    /// Metrics measured on G_ema at every snapshot (<c>--metrics</c>, comma-separated names as <c>gankit metrics</c>
    /// takes them, e.g. <c>swd2k,fid10k</c>) and appended to the run's <c>metrics.jsonl</c>; null: none.
    /// </summary>
    public string? Metrics { get; init; }

    /// <summary>The Inception feature detector for FID, KID and precision/recall (<c>--detector</c>); null: the cache folder's.</summary>
    public string? Detector { get; init; }

    /// <summary>Augmentation mode (<c>--aug</c>): <c>ada</c> (adaptive p, the default), <c>fixed</c> (p = <see cref="P"/>) or <c>noaug</c>.</summary>
    public string Aug { get; init; } = "ada";

    /// <summary>The fixed augmentation probability of <c>--aug fixed</c> (<c>--p</c>).</summary>
    public double? P { get; init; }

    /// <summary>The r_t that adaptive augmentation steers toward (<c>--target</c>, 0.6 as the paper).</summary>
    public double Target { get; init; } = 0.6;

    /// <summary>The augmentation pipeline (<c>--augpipe</c>, one of <see cref="Augment.AugmentPipes.Names"/>; <c>bgc</c> by default).</summary>
    public string AugPipe { get; init; } = Augment.AugmentPipes.Default;

    /// <summary>
    /// How fast adaptive augmentation moves p (<c>--ada-kimg</c>): p could go from 0 to 1 in this many thousand images
    /// (500 as the paper; a short lesson run uses a few so that p visibly moves).
    /// </summary>
    public double AdaKimg { get; init; } = 500;

    /// <summary>D layers to freeze, counted from the image (<c>--freezed</c>, FreezeD); 0 trains all.</summary>
    public int FreezeD { get; init; }

    /// <summary>The augmentation modes <see cref="Aug"/> takes.</summary>
    public static IReadOnlyList<string> AugModes { get; } = ["ada", "fixed", "noaug"];

    /// <summary>Checks the values that do not need the data: a positive length, batch, tick, snap interval and a known preset.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutDir)) throw new ArgumentException("--outdir: a folder for the run is required");
        if (!(Kimg > 0) || double.IsInfinity(Kimg)) throw new ArgumentException($"--kimg must be a number > 0, got {Format(Kimg)}");
        if (Batch is < 1) throw new ArgumentException($"--batch must be at least 1, got {Batch}");
        if (Gamma is { } g && (!(g >= 0) || double.IsInfinity(g))) throw new ArgumentException($"--gamma must be a number ≥ 0, got {Format(g)}");
        if (GLr is { } glr && (!(glr > 0) || double.IsInfinity(glr))) throw new ArgumentException($"--glr must be a number > 0, got {Format(glr)}");
        if (DLr is { } dlr && (!(dlr > 0) || double.IsInfinity(dlr))) throw new ArgumentException($"--dlr must be a number > 0, got {Format(dlr)}");
        if (Snap < 1) throw new ArgumentException($"--snap must be at least 1, got {Snap}");
        if (!(TickKimg > 0) || double.IsInfinity(TickKimg)) throw new ArgumentException($"tick length must be a number > 0 kimg, got {Format(TickKimg)}");
        if (Workers is < 1) throw new ArgumentException($"--workers must be at least 1, got {Workers}");
        if (!TrainingPreset.Names.Contains(Cfg)) throw new ArgumentException($"--cfg: unknown preset '{Cfg}'; expected one of {string.Join(", ", TrainingPreset.Names)}");
        if (NetworkConfig is { } n && !File.Exists(n)) throw new FileNotFoundException($"--network-config: '{n}' does not exist", n);
        if (Resume is { } r && !File.Exists(r)) throw new FileNotFoundException($"--resume: '{r}' does not exist", r);
        if (!AugModes.Contains(Aug)) throw new ArgumentException($"--aug: unknown mode '{Aug}'; expected one of {string.Join(", ", AugModes)}");
        if (Aug == "fixed" && P is null) throw new ArgumentException("--aug fixed needs --p, the augmentation probability in [0, 1]");
        if (Aug != "fixed" && P is not null) throw new ArgumentException($"--p is only for --aug fixed (with --aug {Aug} p is {(Aug == "ada" ? "adjusted from 0" : "0")})");
        if (P is { } p && !(p >= 0 && p <= 1)) throw new ArgumentException($"--p must be a number in [0, 1], got {Format(p)}");
        if (!(Target > -1 && Target < 1)) throw new ArgumentException($"--target must be a number in (-1, 1) (0.6 in the paper), got {Format(Target)}");
        if (Aug == "noaug" && AugPipe != Augment.AugmentPipes.Default) throw new ArgumentException("--augpipe has no effect with --aug noaug");
        Augment.AugmentPipes.Get(AugPipe);
        if (!(AdaKimg > 0) || double.IsInfinity(AdaKimg)) throw new ArgumentException($"--ada-kimg must be a number > 0, got {Format(AdaKimg)}");
        if (FreezeD < 0) throw new ArgumentException($"--freezed must be ≥ 0, got {FreezeD}");
        if (Metrics is { } m)
        {
            // A missing detector fails now, not after the first hours of training.
            if (GanKit.Training.Metrics.MetricSpec.ParseList(m).Any(spec => spec.NeedsDetector)) GanKit.Training.Metrics.FeatureDetector.Locate(Detector);
        }
    }

    /// <summary>The options as <c>training_options.json</c> records them, with the resolved batch and γ.</summary>
    public JsonObject ToJson(int batch, double gamma) => new()
    {
        ["outdir"] = OutDir,
        ["data"] = Data,
        ["cfg"] = Cfg,
        ["network_config"] = NetworkConfig,
        ["kimg"] = Kimg,
        ["batch"] = batch,
        ["gamma"] = gamma,
        ["mirror"] = Mirror,
        ["cond"] = Cond,
        ["snap"] = Snap,
        ["seed"] = Seed,
        ["resume"] = Resume,
        ["device"] = (Device ?? torch.CPU).ToString(),
        ["tick_kimg"] = TickKimg,
        ["workers"] = Workers,
        ["metrics"] = Metrics,
        ["aug"] = Aug,
        ["p"] = P,
        ["target"] = Target,
        ["ada_kimg"] = AdaKimg,
        ["augpipe"] = Aug == "noaug" ? null : AugPipe,
        ["freezed"] = FreezeD,
    };

    internal static string Format(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);
}
