using System.Text.Json;
using System.Text.Json.Nodes;
using GanKit.Networks;
using GanKit.Torch;
using TorchSharp.Modules;

namespace GanKit.Training;

/// <summary>Where a run stands: images and minibatches done, the tick count and where the current tick began.</summary>
/// <param name="CurNimg">Real images shown.</param>
/// <param name="BatchIndex">Minibatches done (decides the regularisation phases).</param>
/// <param name="Tick">Ticks completed.</param>
/// <param name="TickStartNimg">cur_nimg at the start of the current tick.</param>
/// <param name="Seed">The run's seed (the data order depends on it).</param>
public sealed record TrainingProgress(long CurNimg, long BatchIndex, int Tick, long TickStartNimg, int Seed);

/// <summary>
/// A training snapshot: the network file (<c>G_ema.</c>, <c>D.</c>) plus <c>G.</c>, both Adam optimizers' state per
/// parameter (<c>G_opt.NAME.exp_avg</c>, <c>.exp_avg_sq</c>, <c>.step</c>; <c>D_opt.</c> likewise), the path-length mean
/// (<c>loss.pl_mean</c>), torch's CPU generator state (<c>rng.cpu</c>), with augmentation its p and the adaptive
/// controller's pending signs (<c>augment.p</c>, <c>augment.signs</c> = [sum, count, last r_t or NaN]) and, in the
/// <c>gankit</c> metadata under <c>training</c>, cur_nimg, the batch index, the tick, the seed, the frozen D layers
/// and p. Everything a run needs to continue bit for bit on the CPU. Written atomically. With frozen D layers
/// (FreezeD) only the trained layers have optimizer state.
/// </summary>
public static class TrainingCheckpoint
{
    /// <summary>The metadata entry that marks a training snapshot.</summary>
    public const string MetadataKey = "training";

    /// <summary>Writes the snapshot of <paramref name="step"/> at <paramref name="progress"/> to <paramref name="path"/>, atomically.</summary>
    public static void Save(string path, TrainingStep step, TrainingProgress progress)
    {
        using var scope = torch.NewDisposeScope();
        var extra = new List<(string, Tensor)>();
        extra.AddRange(OptimizerTensors("G_opt.", step.G, step.GOptimizer, []));
        extra.AddRange(OptimizerTensors("D_opt.", step.D, step.DOptimizer, step.FrozenD));
        extra.Add(("loss.pl_mean", step.Loss.PathLength.pl_mean.cpu()));
        using (var generator = torch.Generator.Default) extra.Add(("rng.cpu", generator.get_state()));
        if (step.Loss.Augment is { } augment)
        {
            extra.Add(("augment.p", torch.tensor(new[] { augment.P })));
            var (sum, count) = step.Adaptive?.Pending ?? (0, 0);
            extra.Add(("augment.signs", torch.tensor(new[] { sum, count, step.Adaptive?.LastRt ?? double.NaN })));
        }
        var training = new JsonObject
        {
            ["cur_nimg"] = progress.CurNimg,
            ["batch_idx"] = progress.BatchIndex,
            ["tick"] = progress.Tick,
            ["tick_start_nimg"] = progress.TickStartNimg,
            ["seed"] = progress.Seed,
            ["pl_mean"] = step.Loss.PathLength.PlMean,
            ["freezed"] = step.FreezeD,
            ["augment_p"] = step.Loss.Augment?.P,
        };
        NetworkFile.Save(path, step.G_ema, step.D, step.G, extra, new JsonObject { [MetadataKey] = training });
    }

    /// <summary>True when <paramref name="path"/> is a GanKit network file with training state (not a plain network file or a <c>.pkl</c>).</summary>
    public static bool HasTrainingState(string path) => ReadProgress(path) is not null;

    /// <summary>The progress stored in a training snapshot, or null for a plain network file or a <c>.pkl</c>.</summary>
    public static TrainingProgress? ReadProgress(string path)
    {
        var training = ReadTrainingMetadata(path);
        if (training is null) return null;
        try
        {
            return new TrainingProgress(training["cur_nimg"]!.GetValue<long>(), training["batch_idx"]!.GetValue<long>(),
                training["tick"]!.GetValue<int>(), training["tick_start_nimg"]!.GetValue<long>(), training["seed"]!.GetValue<int>());
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new GanKitFormatException(path, $"the '{MetadataKey}' metadata is incomplete: expected cur_nimg, batch_idx, tick, tick_start_nimg and seed");
        }
    }

    /// <summary>The <c>training</c> metadata object of a GanKit snapshot, or null.</summary>
    private static JsonObject? ReadTrainingMetadata(string path)
    {
        if (NetworkFile.IsPickle(path)) return null;
        Safetensors.Read(path, out var metadata);
        if (!metadata.TryGetValue(NetworkFile.MetadataKey, out var text)) return null;
        try { return (JsonNode.Parse(text) as JsonObject)?[MetadataKey] as JsonObject; }
        catch (JsonException) { return null; }
    }

    /// <summary>
    /// Restores the optimizers' state, the path-length mean and torch's CPU generator from the training snapshot
    /// <paramref name="path"/> into <paramref name="step"/> (whose networks already hold the snapshot's weights) and
    /// sets its batch index and cur_nimg; returns the progress.
    /// </summary>
    public static TrainingProgress Restore(string path, TrainingStep step)
    {
        var progress = ReadProgress(path) ?? throw new GanKitFormatException(path, "not a training snapshot (no training state)");
        var freezed = ReadTrainingMetadata(path)?["freezed"]?.GetValue<int>() ?? 0;
        if (freezed != step.FreezeD)
            throw new ArgumentException($"--resume '{path}': the snapshot was trained with --freezed {freezed}, this run asks for {step.FreezeD}; " +
                                        "continue with the same --freezed (or start from its weights with a plain network file)");
        var tensors = Safetensors.ReadTensors(path);
        try
        {
            LoadOptimizer(path, tensors, "G_opt.", step.G, step.GOptimizer, []);
            LoadOptimizer(path, tensors, "D_opt.", step.D, step.DOptimizer, step.FrozenD);
            if (!tensors.TryGetValue("loss.pl_mean", out var plMean)) throw new GanKitFormatException(path, "the snapshot has no 'loss.pl_mean'");
            using (torch.no_grad()) step.Loss.PathLength.pl_mean.copy_(plMean);
            if (!tensors.TryGetValue("rng.cpu", out var rng)) throw new GanKitFormatException(path, "the snapshot has no 'rng.cpu'");
            using (var generator = torch.Generator.Default) generator.set_state(rng);
            // A snapshot from a run without augmentation leaves the pipeline at its starting p.
            if (step.Loss.Augment is { } augment && tensors.TryGetValue("augment.p", out var p))
            {
                var signs = tensors.TryGetValue("augment.signs", out var t) ? t.to(ScalarType.Float64).data<double>().ToArray() : [0, 0, double.NaN];
                var pValue = p.to(ScalarType.Float64).ToDouble();
                if (step.Adaptive is { } ada) ada.Restore(pValue, signs[0], (long)signs[1], double.IsNaN(signs[2]) ? null : signs[2]);
                else augment.P = pValue;
            }
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
        step.BatchIndex = progress.BatchIndex;
        step.CurNimg = progress.CurNimg;
        return progress;
    }

    private static IEnumerable<(string, Tensor)> OptimizerTensors(string prefix, torch.nn.Module module, torch.optim.Optimizer optimizer, IReadOnlyList<string> frozen)
    {
        foreach (var (name, state) in States(module, optimizer, frozen))
        {
            yield return ($"{prefix}{name}.exp_avg", state.exp_avg.cpu());
            yield return ($"{prefix}{name}.exp_avg_sq", state.exp_avg_sq.cpu());
            yield return ($"{prefix}{name}.step", torch.tensor(state.step));
        }
    }

    private static void LoadOptimizer(string path, Dictionary<string, Tensor> tensors, string prefix, torch.nn.Module module, torch.optim.Optimizer optimizer,
        IReadOnlyList<string> frozen)
    {
        var missing = new List<string>();
        var found = new List<(Adam.State State, Tensor Avg, Tensor AvgSq, Tensor Step)>();
        foreach (var (name, state) in States(module, optimizer, frozen))
        {
            var keys = new[] { "exp_avg", "exp_avg_sq", "step" }.Select(k => $"{prefix}{name}.{k}").ToArray();
            var values = keys.Select(k => tensors.GetValueOrDefault(k)).ToArray();
            for (var i = 0; i < keys.Length; i++)
                if (values[i] is null) missing.Add(keys[i]);
            if (values.All(v => v is not null)) found.Add((state, values[0]!, values[1]!, values[2]!));
        }
        if (missing.Count > 0)
            throw new GanKitFormatException(path, $"the snapshot's optimizer state does not fit the networks; {missing.Count} missing key(s), e.g. {string.Join(", ", missing.Take(3))}");
        using var noGrad = torch.no_grad();
        foreach (var (state, avg, avgSq, step) in found)
        {
            state.exp_avg.copy_(avg);
            state.exp_avg_sq.copy_(avgSq);
            state.step = step.ToInt64();
        }
    }

    private static IEnumerable<(string Name, Adam.State State)> States(torch.nn.Module module, torch.optim.Optimizer optimizer, IReadOnlyList<string> frozen)
    {
        var helper = optimizer as OptimizerHelper ?? throw new ArgumentException("training snapshot: the optimizer is not a TorchSharp optimizer with state", nameof(optimizer));
        // The optimizer holds one state per trained parameter, in the order of module.parameters() it was created with.
        var names = module.named_parameters().Select(p => p.name).Where(n => !frozen.Contains(n)).ToList();
        var states = helper.state_dict().State;
        if (states.Count != names.Count)
            throw new ArgumentException($"training snapshot: the optimizer has {states.Count} parameter states for {names.Count} parameters", nameof(optimizer));
        for (var i = 0; i < names.Count; i++)
            yield return (names[i], states[i] as Adam.State ?? throw new ArgumentException("training snapshot: only Adam's state is stored", nameof(optimizer)));
    }
}
