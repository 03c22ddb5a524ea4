using System.Text.Json;
using System.Text.Json.Nodes;
using GanKit.Formats.Pickle;
using GanKit.Networks.Config;
using GanKit.Torch;

namespace GanKit.Networks;

/// <summary>
/// GanKit's network file: one <c>.safetensors</c> whose tensors carry the reference state-dict names under a
/// prefix per network (<c>G_ema.mapping.fc0.weight</c>, <c>D.b32.fromrgb.weight</c>) and whose metadata key
/// <c>gankit</c> holds <c>{"format":1,"G":{...},"D":{...}}</c> with the reference constructor arguments.
/// NVIDIA's <c>.pkl</c> snapshots load through the same call.
/// </summary>
public static class NetworkFile
{
    /// <summary>The metadata key holding the configuration JSON.</summary>
    public const string MetadataKey = "gankit";

    /// <summary>The format version written.</summary>
    public const int FormatVersion = 1;

    /// <summary>
    /// Loads the networks of a <c>.safetensors</c> network file or a reference <c>.pkl</c> snapshot onto
    /// <paramref name="device"/> (CPU by default). Every misfit tensor is listed in one error.
    /// </summary>
    public static NetworkSet Load(string path, Device? device = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"network file '{path}' does not exist", path);
        var set = IsPickle(path) ? LoadPickle(path) : LoadSafetensors(path);
        if (device is { } d && d.type != DeviceType.CPU) set.to(d);
        return set;
    }

    /// <summary>
    /// Whether a path is read as a pickle: by extension, else by its first byte, the PROTO opcode 0x80, unless it
    /// starts as safetensors does (a little-endian header length that fits the file, then <c>{</c>), whose first
    /// byte is 0x80 for one header length in 32.
    /// </summary>
    public static bool IsPickle(string path)
    {
        if (path.EndsWith(".pkl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".pickle", StringComparison.OrdinalIgnoreCase))
            return true;
        using var stream = File.OpenRead(path);
        Span<byte> start = stackalloc byte[9];
        var read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        if (read == 0 || start[0] != 0x80) return false;
        var looksLikeSafetensors = read == 9 && start[8] == (byte)'{'
            && System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(start) <= (ulong)(stream.Length - 8);
        return !looksLikeSafetensors;
    }

    /// <summary>
    /// Saves networks as a network file, atomically. <paramref name="extra"/> adds tensors (e.g. optimizer state
    /// of a training checkpoint) and <paramref name="extraMetadata"/> adds JSON entries beside G and D.
    /// </summary>
    public static void Save(string path, Generator gEma, Discriminator? d = null, Generator? g = null,
        IEnumerable<(string Key, Tensor Tensor)>? extra = null, JsonObject? extraMetadata = null)
    {
        var header = new JsonObject { ["format"] = FormatVersion, ["G"] = gEma.Config.ToJson() };
        if (d is not null) header["D"] = d.Config.ToJson();
        if (extraMetadata is not null)
        {
            foreach (var (key, value) in extraMetadata) header[key] = value?.DeepClone();
        }

        var tensors = new List<KeyValuePair<string, Tensor>>();
        void Add(string prefix, torch.nn.Module? module)
        {
            if (module is null) return;
            foreach (var (key, tensor) in module.state_dict()) tensors.Add(new(prefix + key, tensor));
        }
        Add("G_ema.", gEma);
        Add("G.", g);
        Add("D.", d);
        foreach (var (key, tensor) in extra ?? []) tensors.Add(new(key, tensor));
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        Safetensors.Write(path, tensors, new Dictionary<string, string> { [MetadataKey] = header.ToJsonString() });
    }

    private static NetworkSet LoadSafetensors(string path)
    {
        var tensors = Safetensors.Read(path, out var metadata);
        if (!metadata.TryGetValue(MetadataKey, out var text))
            throw new GanKitFormatException(path, $"no '{MetadataKey}' metadata: this safetensors file is not a GanKit network file " +
                "(a bare state dict needs its configuration: gankit convert --network FILE --config config.json --out net.safetensors)");
        JsonObject header;
        try { header = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object"); }
        catch (JsonException e) { throw new GanKitFormatException(path, $"the '{MetadataKey}' metadata is not valid JSON: {e.Message}", e); }
        if (header["format"] is not JsonValue format || !format.TryGetValue<int>(out var version) || version != FormatVersion)
            throw new GanKitFormatException(path, $"unsupported network file format {header["format"]?.ToJsonString() ?? "(missing)"}, expected {FormatVersion}");
        if (header["G"] is not JsonObject gJson) throw new GanKitFormatException(path, "the network file has no generator configuration 'G'");

        return Build(path, gJson, header["D"] as JsonObject, prefix => Subset(tensors, prefix), header);
    }

    private static NetworkSet LoadPickle(string path)
    {
        var snapshot = NetworkSnapshot.Load(path);
        if (!snapshot.Networks.TryGetValue("G_ema", out var gEma) && !snapshot.Networks.TryGetValue("G", out gEma))
            throw new GanKitFormatException(path, "the snapshot holds no generator (expected key 'G_ema' or 'G')");
        var metadata = new JsonObject();
        if (snapshot.AugmentPipeKwargs is { } augment) metadata["augment_pipe"] = augment.DeepClone();
        if (snapshot.TrainingSetKwargs is { } training) metadata["training_set_kwargs"] = training.DeepClone();
        snapshot.Networks.TryGetValue("D", out var d);
        return Build(path, gEma.InitKwargs, d?.InitKwargs, prefix => prefix switch
        {
            "G_ema." => gEma.State,
            "G." => snapshot.Networks.TryGetValue("G", out var g) && g != gEma ? g.State : null,
            "D." => d?.State,
            _ => null,
        }, metadata);
    }

    private static NetworkSet Build(string path, JsonObject gJson, JsonObject? dJson,
        Func<string, IReadOnlyDictionary<string, RawTensor>?> stateFor, JsonObject metadata)
    {
        GeneratorConfig gConfig;
        DiscriminatorConfig? dConfig;
        try
        {
            gConfig = GeneratorConfig.FromJson(gJson);
            dConfig = dJson is null ? null : DiscriminatorConfig.FromJson(dJson);
        }
        catch (ArgumentException e) { throw new GanKitFormatException(path, e.Message, e); }

        var gEmaState = stateFor("G_ema.");
        if (gEmaState is null || gEmaState.Count == 0) throw new GanKitFormatException(path, "the file holds no G_ema tensors");
        var gState = stateFor("G.");
        var dState = dConfig is null ? null : stateFor("D.");

        // Every network is checked before any error is raised, so one message lists every offending key.
        var built = new List<torch.nn.Module>();
        var problems = new List<string>();
        T? Load<T>(string name, Func<T> create, IReadOnlyDictionary<string, RawTensor>? state) where T : NetworkModule
        {
            if (state is null || state.Count == 0) return null;
            var module = create();
            built.Add(module);
            try { module.LoadStateDict(state); }
            catch (StateDictException e) { problems.AddRange(e.Problems.Select(p => $"{name}.{p}")); }
            return module;
        }

        try
        {
            var gEma = Load("G_ema", () => new Generator(gConfig), gEmaState)!;
            var g = Load("G", () => new Generator(gConfig), gState);
            var d = Load("D", () => new Discriminator(dConfig!), dState);
            if (problems.Count > 0)
                throw new GanKitFormatException(path, $"the tensors do not fit the configuration; {problems.Count} offending key(s):\n  " +
                    string.Join("\n  ", problems));
            foreach (var m in built) m.eval();
            return new NetworkSet(gEma, g, d, metadata, path);
        }
        catch
        {
            foreach (var m in built) m.Dispose();
            throw;
        }
    }

    private static Dictionary<string, RawTensor> Subset(IReadOnlyDictionary<string, RawTensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
}
