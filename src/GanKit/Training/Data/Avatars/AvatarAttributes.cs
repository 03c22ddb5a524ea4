using System.Text.Json.Nodes;

namespace GanKit.Training.Data.Avatars;

/// <summary>The drawn value of every factor of one avatar, by factor name (plus the derived <c>hairLength</c>).</summary>
public sealed class AvatarAttributes
{
    private readonly Dictionary<string, string> _values;

    /// <summary>Attributes from factor values; every factor of <see cref="AvatarFactors.All"/> must be present with a valid value.</summary>
    /// <exception cref="ArgumentException">A factor is missing or has an unknown value (the message names both).</exception>
    public AvatarAttributes(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        _values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var factor in AvatarFactors.All)
        {
            if (!values.TryGetValue(factor.Name, out var value))
                throw new ArgumentException($"The avatar attributes lack the factor '{factor.Name}'.", nameof(values));
            _values[factor.Name] = factor.Value(value).Name;
        }
        _values[AvatarFactors.HairLength] = AvatarFactors.LengthOf(_values[AvatarFactors.Hair.Name]);
    }

    /// <summary>The value of a factor (or of <c>hairLength</c>).</summary>
    public string this[string factor] => _values.TryGetValue(factor, out var value) ? value
        : throw new KeyNotFoundException($"'{factor}' is not an avatar attribute: expected one of {string.Join(", ", _values.Keys)}.");

    /// <summary>Every attribute, factors in drawing order and then <c>hairLength</c>.</summary>
    public IReadOnlyDictionary<string, string> Values => _values;

    /// <summary>A copy with one factor changed (the derived attributes follow).</summary>
    public AvatarAttributes With(string factor, string value)
    {
        var values = new Dictionary<string, string>(_values) { [AvatarFactors.Named(factor).Name] = value };
        return new AvatarAttributes(values);
    }

    /// <summary>The attributes as a JSON object, as <c>dataset.json</c> stores them.</summary>
    public JsonObject ToJson()
    {
        var json = new JsonObject();
        foreach (var (name, value) in _values) json[name] = value;
        return json;
    }

    /// <summary>Attributes read back from <see cref="ToJson"/>'s form; <paramref name="source"/> is named in errors.</summary>
    public static AvatarAttributes FromJson(JsonNode? node, string source)
    {
        if (node is not JsonObject obj)
            throw new InvalidDataException($"{source}: expected an object of avatar attributes, got {node?.ToJsonString() ?? "null"}.");
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in obj)
            if (value is JsonValue v && v.TryGetValue<string>(out var text)) values[name] = text;
        try { return new AvatarAttributes(values); }
        catch (ArgumentException e) { throw new InvalidDataException($"{source}: {e.Message}", e); }
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", _values.Select(kv => $"{kv.Key}={kv.Value}"));
}
