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
        ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
    };

    /// <summary>A one-line summary for <c>log.txt</c> and the console.</summary>
    public override string ToString()
    {
        static string F(double? v) => v is { } x ? x.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture) : "-";
        return $"tick {Tick,-5} kimg {Kimg,-9:0.000} sec/kimg {SecondsPerKimg,-8:0.00} loss G {F(GeneratorLoss)} D {F(DiscriminatorLoss)} " +
               $"r1 {F(R1Penalty)} pl {F(PathLength)} pl_mean {F(PlMean)} mem {ResidentMegabytes:0} MiB";
    }
}

/// <summary>Averages the phase statistics of one tick's minibatches.</summary>
internal sealed class TickAccumulator
{
    private readonly Dictionary<string, (double Sum, int Count)> _sums = [];

    public void Add(TrainingStepResult result)
    {
        foreach (var p in result.Phases)
        {
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

    public void Clear() => _sums.Clear();
}
