namespace GanKit.Formats.Pickle;

/// <summary>
/// An object pickled by StyleGAN2-ADA's <c>torch_utils.persistence</c>: the class name, a format version and
/// the instance's <c>__dict__</c> (for a network: <c>_parameters</c>, <c>_buffers</c>, <c>_modules</c>,
/// <c>_init_kwargs</c>, ...). The embedded module source is ignored, never run.
/// </summary>
internal sealed class PersistentObject(string className, long? version, PyDict state)
{
    public string ClassName { get; } = className;

    public long? Version { get; } = version;

    public PyDict State { get; } = state;

    /// <summary><c>_reconstruct_persistent_obj(meta)</c> with <c>meta = {type, version, module_src, class_name, state}</c>.</summary>
    public static PersistentObject FromMeta(object? meta)
    {
        if (meta is not PyDict dict)
            throw new PickleDataException($"a persistent object's record is {PyDescribe.Of(meta)}, not a dict");
        var type = dict.Get("type");
        if (type is not "class")
            throw new PickleDataException($"a persistent object has type {PyDescribe.Of(type)}{(type is string s ? $" '{PickleGlobals.Clip(s)}'" : "")}, expected 'class'");
        var className = PyDescribe.Str(dict.Get("class_name"), "a persistent object's class_name");
        var version = dict.Get("version") is long v ? v : (long?)null;
        if (dict.Get("state") is not PyDict state)
            throw new PickleDataException($"the persistent {PickleGlobals.Clip(className)} object has no state dict");
        return new PersistentObject(className, version, state);
    }
}
