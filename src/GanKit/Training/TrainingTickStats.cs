using System.Text.Json.Nodes;

namespace GanKit.Training;

/// <summary>
/// What one tick of a <see cref="TrainingRun"/> did: progress, the phases' losses averaged over the tick's
/// minibatches (null when a phase did not run in the tick), timing and memory. One line of <c>stats.jsonl</c>.
/// </summary>
/// <param name="Tick">Tick number (1 for the first).</param>
/// <param name="CurNimg">Real images shown so far.</param>
/// <param name="BatchIndex">Minibatches done so far.</param>
/// <param name="GeneratorLoss">Mean G main loss.</param>
/// <param name="DiscriminatorLossFake">Mean D loss on fakes.</param>
/// <param name="DiscriminatorLossReal">Mean D loss on reals.</param>
/// <param name="R1Penalty">Mean ‖∇ₓD(x)‖² of the R1 phases.</param>
/// <param name="PathLengthPenalty">Mean weighted path-length penalty.</param>
/// <param name="PathLength">Mean path length ‖Jᵀy‖.</param>
/// <param name="PlMean">The running path-length mean at the end of the tick.</param>
/// <param name="SecondsPerKimg">Wall time per thousand images in this tick.</param>
/// <param name="TickSeconds">Wall time of the tick.</param>
/// <param name="TotalSeconds">Wall time since the run (or its resumption) started.</param>
/// <param name="ResidentMegabytes">The process's resident memory at the end of the tick, in MiB.</param>
/// <param name="TotalKimg">The run's length in kimg (for the ETA).</param>
public sealed record TrainingTickStats(int Tick, long CurNimg, long BatchIndex, double? GeneratorLoss, double? DiscriminatorLossFake,
    double? DiscriminatorLossReal, double? R1Penalty, double? PathLengthPenalty, double? PathLength, double PlMean,
    double SecondsPerKimg, double TickSeconds, double TotalSeconds, double ResidentMegabytes, double TotalKimg)
{
    /// <summary>The augmentation probability at the end of the tick, or null without augmentation.</summary>
    public double? AugmentP { get; init; }

    /// <summary>r_t over the tick: the mean of sign(D(x)) on the (augmented) reals of the D main phases.</summary>
    public double? RealSign { get; init; }

    /// <summary>Thousands of images shown so far.</summary>
    public double Kimg => CurNimg / 1000.0;

    /// <summary>D's whole main loss (fakes + reals), when both ran.</summary>
    public double? DiscriminatorLoss => DiscriminatorLossFake + DiscriminatorLossReal;

    /// <summary>Estimated time left at this tick's speed.</summary>
    public TimeSpan Eta => TimeSpan.FromSeconds(Math.Max(0, TotalKimg - Kimg) * SecondsPerKimg);

    /// <summary>The line of <c>stats.jsonl</c> (reference-like snake_case names).</summary>
    public JsonObject ToJson() => new()
    {
        ["tick"] = Tick,
        ["kimg"] = Kimg,
        ["cur_nimg"] = CurNimg,
        ["batch_idx"] = BatchIndex,
        ["loss_G"] = GeneratorLoss,
        ["loss_D"] = DiscriminatorLoss,
        ["loss_D_fake"] = DiscriminatorLossFake,
        ["loss_D_real"] = DiscriminatorLossReal,
        ["r1_penalty"] = R1Penalty,
        ["pl_penalty"] = PathLengthPenalty,
        ["path_length"] = PathLength,
        ["pl_mean"] = PlMean,
        ["sec_per_kimg"] = SecondsPerKimg,
        ["sec_per_tick"] = TickSeconds,
        ["total_sec"] = TotalSeconds,
        ["resident_mb"] = ResidentMegabytes,
        ["augment_p"] = AugmentP,
        ["r_t"] = RealSign,
        ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
    };

    /// <summary>A line of <c>stats.jsonl</c> read back (the figures a chart needs; timing totals as written).</summary>
    public static TrainingTickStats FromJson(JsonObject line, double totalKimg = 0)
    {
        ArgumentNullException.ThrowIfNull(line);
        double? D(string key) => line[key] is JsonValue v && v.TryGetValue<double>(out var d) ? d : null;
        return new TrainingTickStats((int)(D("tick") ?? 0), (long)(D("cur_nimg") ?? Math.Round((D("kimg") ?? 0) * 1000)), (long)(D("batch_idx") ?? 0),
            D("loss_G"), D("loss_D_fake"), D("loss_D_real"), D("r1_penalty"), D("pl_penalty"), D("path_length"), D("pl_mean") ?? 0,
            D("sec_per_kimg") ?? 0, D("sec_per_tick") ?? 0, D("total_sec") ?? 0, D("resident_mb") ?? 0, totalKimg)
        {
            AugmentP = D("augment_p"),
            RealSign = D("r_t"),
        };
    }

    /// <summary>Every line of a run's <c>stats.jsonl</c>.</summary>
    public static IReadOnlyList<TrainingTickStats> ReadJsonl(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"stats: '{path}' does not exist (a run folder's stats.jsonl)", path);
        var lines = new List<TrainingTickStats>();
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text)) continue;
            try { lines.Add(FromJson(JsonNode.Parse(text) as JsonObject ?? throw new System.Text.Json.JsonException("not an object"))); }
            catch (System.Text.Json.JsonException e) { throw new FormatException($"stats: '{path}' line {number} is not a JSON object: {e.Message}", e); }
        }
        return lines;
    }

    /// <summary>A one-line summary for <c>log.txt</c> and the console.</summary>
    public override string ToString()
    {
        static string F(double? v) => v is { } x ? x.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "-";
        return $"tick {Tick,-5} kimg {Kimg,-9:0.000} sec/kimg {SecondsPerKimg,-8:0.00} loss G {F(GeneratorLoss)} D {F(DiscriminatorLoss)} " +
               $"r1 {F(R1Penalty)} pl {F(PathLength)} pl_mean {F(PlMean)} " +
               (AugmentP is { } p ? $"p {p.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)} r_t {F(RealSign)} " : "") +
               $"mem {ResidentMegabytes:0} MiB";
    }
}

/// <summary>Averages the phase statistics of one tick's minibatches.</summary>
internal sealed class TickAccumulator
{
    private readonly Dictionary<string, (double Sum, int Count)> _sums = [];
    private (double Sum, long Count) _signs;

    /// <summary>Mean sign of the real logits over the tick, or null when no D main phase ran.</summary>
    public double? RealSign => _signs.Count > 0 ? _signs.Sum / _signs.Count : null;

    public void Add(TrainingStepResult result)
    {
        foreach (var p in result.Phases)
        {
            if (p.RealSignSum is { } sum && p.RealCount is { } count) _signs = (_signs.Sum + sum, _signs.Count + count);
            Add("G", p.GeneratorLoss);
            Add("Dfake", p.DiscriminatorLossFake);
            Add("Dreal", p.DiscriminatorLossReal);
            Add("r1", p.R1Penalty);
            Add("plp", p.PathLengthPenalty);
            Add("pl", p.PathLength);
        }
    }

    private void Add(string key, double? value)
    {
        if (value is not { } v) return;
        var (sum, count) = _sums.GetValueOrDefault(key);
        _sums[key] = (sum + v, count + 1);
    }

    public double? Mean(string key) => _sums.TryGetValue(key, out var s) && s.Count > 0 ? s.Sum / s.Count : null;

    public void Clear()
    {
        _sums.Clear();
        _signs = default;
    }
}
