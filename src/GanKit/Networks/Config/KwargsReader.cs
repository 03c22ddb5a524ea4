using System.Text.Json.Nodes;

namespace GanKit.Networks.Config;

/// <summary>
/// Reads reference constructor keyword arguments from JSON, naming the path of any wrong or unknown key
/// (<c>G.synthesis_kwargs.channel_max</c>) so a bad network file explains itself.
/// </summary>
internal sealed class KwargsReader
{
    private readonly JsonObject _json;
    private readonly string _path;
    private readonly HashSet<string> _read = [];

    public KwargsReader(JsonObject? json, string path)
    {
        _json = json ?? [];
        _path = path;
    }

    public int Int(string key, int? fallback = null) => Read(key, AsInt, fallback.HasValue, fallback.GetValueOrDefault(), "an integer");

    public int? OptionalInt(string key, int? fallbackIfMissing = null) =>
        _json.ContainsKey(key) ? ReadOptional(key, n => (int?)AsInt(n)) : Mark(key, fallbackIfMissing);

    public double Double(string key, double fallback) => Read(key, AsDouble, true, fallback, "a number");

    public double? OptionalDouble(string key, double? fallback = null) =>
        _json.ContainsKey(key) ? ReadOptional(key, n => (double?)AsDouble(n)) : Mark(key, fallback);

    public string String(string key, string fallback) => Read(key, n => n.GetValue<string>(), true, fallback, "a string");

    public bool Bool(string key, bool fallback) => Read(key, n => n.GetValue<bool>(), true, fallback, "true or false");

    public double[] Doubles(string key, double[] fallback) =>
        Read(key, n => n.AsArray().Select(v => AsDouble(v!)).ToArray(), true, fallback, "a list of numbers");

    public KwargsReader Child(string key)
    {
        _read.Add(key);
        var node = _json[key];
        if (node is not null and not JsonObject) throw Error(key, "an object");
        return new KwargsReader(node as JsonObject, $"{_path}.{key}");
    }

    /// <summary>Marks keys that do not change the computation (memory layout hints) as understood.</summary>
    public void Ignore(params string[] keys)
    {
        foreach (var k in keys) _read.Add(k);
    }

    /// <summary>Throws if the JSON holds a key no reader asked for.</summary>
    public void RejectUnknown()
    {
        var unknown = _json.Select(kv => kv.Key).Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"network configuration: unsupported key(s) {string.Join(", ", unknown.Select(k => $"'{_path}.{k}'"))}");
    }

    // JSON from pickles carries Python ints as long and floats as double; accept any integral number.
    private static int AsInt(JsonNode node)
    {
        var value = node.AsValue();
        if (value.TryGetValue<int>(out var i)) return i;
        if (value.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue) return (int)l;
        if (value.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue) return (int)d;
        throw new FormatException("not an integer");
    }

    private static double AsDouble(JsonNode node)
    {
        var value = node.AsValue();
        if (value.TryGetValue<double>(out var d)) return d;
        if (value.TryGetValue<long>(out var l)) return l;
        if (value.TryGetValue<int>(out var i)) return i;
        throw new FormatException("not a number");
    }

    private T Mark<T>(string key, T value)
    {
        _read.Add(key);
        return value;
    }

    private T Read<T>(string key, Func<JsonNode, T> get, bool hasFallback, T fallback, string expected)
    {
        _read.Add(key);
        var node = _json[key];
        if (node is null)
        {
            if (hasFallback) return fallback;
            throw new ArgumentException($"network configuration: '{_path}.{key}' is missing (expected {expected})");
        }
        try { return get(node); }
        catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException)
        {
            throw Error(key, expected);
        }
    }

    private T? ReadOptional<T>(string key, Func<JsonNode, T?> get)
    {
        _read.Add(key);
        var node = _json[key];
        if (node is null) return default;
        try { return get(node); }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw Error(key, "a number or null");
        }
    }

    private ArgumentException Error(string key, string expected) =>
        new($"network configuration: '{_path}.{key}' should be {expected}, found {_json[key]?.ToJsonString() ?? "null"}");
}
