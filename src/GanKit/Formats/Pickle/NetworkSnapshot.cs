using System.Text.Json.Nodes;
using GanKit.Torch;

namespace GanKit.Formats.Pickle;

/// <summary>
/// A <c>network-snapshot-*.pkl</c> written by NVIDIA's StyleGAN2-ADA <c>train.py</c> (also the published
/// pretrained pickles), read as data: a whitelist of globals, no code run, the embedded module source text
/// ignored, and every size checked against the bytes actually present.
/// </summary>
public sealed class NetworkSnapshot
{
    private const string Expected = "a StyleGAN2-ADA network snapshot (a pickle of a dict with G, D, G_ema, ...)";
    private const int MaxModuleDepth = 64;
    private const int MaxKeyLength = 1024;
    private static readonly string[] NetworkKeys = ["G", "D", "G_ema"];

    private NetworkSnapshot(string source, IReadOnlyDictionary<string, SnapshotNetwork> networks, SnapshotNetwork? augmentPipe, JsonObject? trainingSetKwargs)
    {
        Source = source;
        Networks = networks;
        AugmentPipe = augmentPipe;
        TrainingSetKwargs = trainingSetKwargs;
    }

    /// <summary>The file the snapshot was read from (or the name given to <see cref="Load(ReadOnlyMemory{byte}, string)"/>).</summary>
    public string Source { get; }

    /// <summary>The networks present, by snapshot key: <c>G</c>, <c>D</c>, <c>G_ema</c>.</summary>
    public IReadOnlyDictionary<string, SnapshotNetwork> Networks { get; }

    /// <summary>The ADA augmentation pipeline (its state holds the current probability <c>p</c>), if saved.</summary>
    public SnapshotNetwork? AugmentPipe { get; }

    /// <summary>The augmentation pipeline's constructor keyword arguments (<c>xflip</c>, <c>rotate90</c>, ...), if saved.</summary>
    public JsonObject? AugmentPipeKwargs => AugmentPipe?.InitKwargs;

    /// <summary>The dataset options of the training run (<c>path</c>, <c>resolution</c>, <c>xflip</c>, ...), if saved.</summary>
    public JsonObject? TrainingSetKwargs { get; }

    /// <summary>Reads a snapshot file.</summary>
    /// <param name="path">The <c>.pkl</c> file.</param>
    /// <exception cref="GanKitFormatException">The file is not a readable snapshot: truncated, corrupt, another kind of pickle, or one naming a global outside the whitelist.</exception>
    public static NetworkSnapshot Load(string path) => Load(File.ReadAllBytes(path), path);

    /// <summary>Reads a snapshot held in memory.</summary>
    /// <param name="data">The file's bytes; tensors are copied out, so the buffer may be reused afterwards.</param>
    /// <param name="source">The name used in error messages (normally the file path).</param>
    /// <exception cref="GanKitFormatException">The data is not a readable snapshot.</exception>
    public static NetworkSnapshot Load(ReadOnlyMemory<byte> data, string source)
    {
        var session = new PickleSession(source, data.Length);
        try
        {
            return Read(session, data);
        }
        catch (GanKitFormatException)
        {
            throw;
        }
        catch (PickleDataException e)
        {
            throw new GanKitFormatException(source, $"{e.Message}; expected {Expected}", e);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // Validation should have caught it; still, bad input must surface as a format error.
            throw new GanKitFormatException(source, $"the data is malformed ({e.GetType().Name}: {e.Message}); expected {Expected}", e);
        }
    }

    private static NetworkSnapshot Read(PickleSession session, ReadOnlyMemory<byte> data)
    {
        var span = data.Span;
        object? root;
        if (TorchSerialization.IsZip(span) || TorchSerialization.IsLegacy(span))
        {
            root = TorchSerialization.Load(session, data, new TorchSerialization.Where(0, null)); // torch.save of the same dict
        }
        else if (span.Length == 0 || span[0] != PickleOpcodes.Proto)
        {
            throw new PickleDataException(span.Length == 0
                ? "the file is empty"
                : $"the file is not a pickle (it starts with 0x{span[0]:x2}, not the protocol 2+ header 0x80)");
        }
        else
        {
            root = new PickleReader(data, 0, session, Expected).Load();
        }

        if (root is not PyDict dict)
            throw new PickleDataException($"the pickle holds {PyDescribe.Of(root)}, not a dict of networks");

        var networks = new Dictionary<string, SnapshotNetwork>(StringComparer.Ordinal);
        foreach (var key in NetworkKeys)
        {
            if (dict.Get(key) is { } value)
                networks[key] = Extract(key, value, session.Budget);
        }
        if (networks.Count == 0)
        {
            var keys = string.Join(", ", dict.Items.Take(10).Select(kv => kv.Key as string ?? PyDescribe.Of(kv.Key)));
            throw new PickleDataException($"the pickle's dict has none of the networks G, D, G_ema (its keys: {PickleGlobals.Clip(keys)})");
        }

        var augmentPipe = dict.Get("augment_pipe") is { } pipe ? Extract("augment_pipe", pipe, session.Budget) : null;
        var trainingSet = dict.Get("training_set_kwargs") is { } options
            ? PythonJson.ToObject(options, "training_set_kwargs", session.Budget)
            : null;
        return new NetworkSnapshot(session.Source, networks, augmentPipe, trainingSet);
    }

    private static SnapshotNetwork Extract(string name, object value, LoadBudget budget)
    {
        if (value is not PersistentObject network)
            throw new PickleDataException($"{name} is {PyDescribe.Of(value)}, not a network saved by torch_utils.persistence");
        var kwargs = network.State.Get("_init_kwargs")
            ?? throw new PickleDataException($"{name} ({PickleGlobals.Clip(network.ClassName)}) has no _init_kwargs");
        var initKwargs = PythonJson.ToObject(kwargs, $"{name}.init_kwargs", budget);
        var initArgs = network.State.Get("_init_args") is { } args ? PythonJson.ToArray(args, $"{name}.init_args", budget) : [];

        var state = new Dictionary<string, RawTensor>(StringComparer.Ordinal);
        CollectState(network, "", 0, state, [], budget, name);
        return new SnapshotNetwork(name, network.ClassName, initKwargs, initArgs, state);
    }

    // PyTorch's state_dict(): a module's parameters, then its persistent buffers, then each child's, prefixed
    // by the child's name. A module may appear under two names, as in PyTorch; only true cycles are refused.
    private static void CollectState(PersistentObject module, string prefix, int depth, Dictionary<string, RawTensor> state,
        HashSet<PersistentObject> ancestors, LoadBudget budget, string network)
    {
        var where = prefix.Length == 0 ? network : $"{network}.{prefix.TrimEnd('.')}";
        if (depth > MaxModuleDepth)
            throw new PickleDataException($"{where} nests modules more than {MaxModuleDepth} deep");
        budget.ChargeEntry();

        var moduleState = module.State;
        var nonPersistent = moduleState.Get("_non_persistent_buffers_set") as PySet;
        AddTensors(moduleState.Get("_parameters"), "_parameters", skip: null);
        AddTensors(moduleState.Get("_buffers"), "_buffers", nonPersistent);

        if (moduleState.Get("_modules") is not PyDict children)
            throw new PickleDataException($"{where} ({PickleGlobals.Clip(module.ClassName)}) has no _modules dict, so it is not a torch module");
        ancestors.Add(module);
        foreach (var (key, child) in children.Items)
        {
            if (child is null)
                continue;
            var childName = PyDescribe.Str(key, $"a module name in {where}");
            if (child is not PersistentObject childModule)
                throw new PickleDataException($"{where}.{PickleGlobals.Clip(childName)} is {PyDescribe.Of(child)}, not a module saved by torch_utils.persistence");
            if (ancestors.Contains(childModule))
                throw new PickleDataException($"{where}.{PickleGlobals.Clip(childName)} contains itself");
            CollectState(childModule, $"{prefix}{childName}.", depth + 1, state, ancestors, budget, network);
        }
        ancestors.Remove(module);

        void AddTensors(object? tensors, string field, PySet? skip)
        {
            if (tensors is not PyDict dict)
                throw new PickleDataException($"{where} ({PickleGlobals.Clip(module.ClassName)}) has no {field} dict, so it is not a torch module");
            foreach (var (key, value) in dict.Items)
            {
                var name = PyDescribe.Str(key, $"a tensor name in {where}");
                if (value is null || (skip is not null && skip.Items.Contains(name)))
                    continue;
                if (value is not TorchTensor tensor)
                    throw new PickleDataException($"{where}.{PickleGlobals.Clip(name)} is {PyDescribe.Of(value)}, not a tensor");
                var fullName = prefix + name;
                if (fullName.Length > MaxKeyLength)
                    throw new PickleDataException($"a state-dict name in {where} is longer than {MaxKeyLength} characters");
                budget.ChargeEntry();
                state[fullName] = tensor.ToRawTensor(budget);
            }
        }
    }
}
