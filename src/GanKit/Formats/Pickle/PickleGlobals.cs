using System.Text;

namespace GanKit.Formats.Pickle;

/// <summary>
/// The whitelist: every global a StyleGAN2-ADA snapshot or a torch payload needs, each mapped to a C#
/// handler that builds data. Any other name (<c>os.system</c>, <c>builtins.eval</c>, a network class that
/// is not reconstructed through <c>torch_utils.persistence</c>, ...) is refused when the pickle names it,
/// before anything could call it.
/// </summary>
internal static class PickleGlobals
{
    /// <summary>The torch storage classes and their element types (declared first: the table below reads them).</summary>
    public static readonly IReadOnlyList<(string Name, ScalarType DType)> StorageTypes =
    [
        ("FloatStorage", ScalarType.Float32), ("DoubleStorage", ScalarType.Float64), ("HalfStorage", ScalarType.Float16),
        ("BFloat16Storage", ScalarType.BFloat16), ("LongStorage", ScalarType.Int64), ("IntStorage", ScalarType.Int32),
        ("ShortStorage", ScalarType.Int16), ("CharStorage", ScalarType.Int8), ("ByteStorage", ScalarType.Byte),
        ("BoolStorage", ScalarType.Bool),
    ];

    private static readonly Dictionary<(string Module, string Name), PyGlobal> Allowed = CreateTable();

    /// <summary>The whitelisted global, or an error naming the refused one.</summary>
    public static PyGlobal Resolve(string module, string name)
    {
        if (Allowed.TryGetValue((module, name), out var global))
            return global;
        throw new PickleDataException(
            $"the pickle asks for the global {Clip(module)}.{Clip(name)}, which is not on GanKit's whitelist of data types; " +
            "GanKit never runs code from a pickle and refuses to load it");
    }

    /// <summary>The whitelisted names, for documentation and tests.</summary>
    public static IEnumerable<string> Names => Allowed.Values.Select(g => g.FullName).Distinct().Order(StringComparer.Ordinal);

    private static Dictionary<(string, string), PyGlobal> CreateTable()
    {
        var table = new Dictionary<(string, string), PyGlobal>();

        void Add(PyGlobal global, params string[] moduleAliases)
        {
            table.Add((global.Module, global.Name), global);
            foreach (var alias in moduleAliases)
                table.Add((alias, global.Name), global);
        }

        // Containers. Python 2 era pickles (protocol < 3) name builtins "__builtin__".
        Add(new PyGlobal("collections", "OrderedDict")
        {
            Call = (_, args) => NewDict("collections.OrderedDict", args),
            New = (_, args) => NewDict("collections.OrderedDict", args),
        });
        Add(new PyGlobal("dnnlib.util", "EasyDict")
        {
            Call = (_, args) => NewDict("dnnlib.util.EasyDict", args),
            New = (_, args) => NewDict("dnnlib.util.EasyDict", args),
        }, "dnnlib");
        Add(new PyGlobal("builtins", "set") { Call = (_, args) => NewSet(false, args), New = (_, args) => NewSet(false, args) }, "__builtin__");
        Add(new PyGlobal("builtins", "frozenset") { Call = (_, args) => NewSet(true, args), New = (_, args) => NewSet(true, args) }, "__builtin__");
        // Protocol 2 pickles written by Python 3 encode bytes as _codecs.encode(text, 'latin1').
        Add(new PyGlobal("_codecs", "encode") { Call = (_, args) => EncodeLatin1(args) });

        // StyleGAN2-ADA networks: torch_utils.persistence records class name, source text and state.
        Add(new PyGlobal("torch_utils.persistence", "_reconstruct_persistent_obj")
        {
            Call = (_, args) => PersistentObject.FromMeta(Single(args, "_reconstruct_persistent_obj")),
        });

        // Tensors, parameters and their storages.
        Add(new PyGlobal("torch._utils", "_rebuild_tensor_v2")
        {
            Call = (_, args) => args.Length is 6 or 7
                ? TorchTensor.Rebuild(args[0], args[1], args[2], args[3])
                : throw Arity("_rebuild_tensor_v2", "6 or 7", args.Length),
        });
        Add(new PyGlobal("torch._utils", "_rebuild_tensor")
        {
            Call = (_, args) => args.Length == 4 ? TorchTensor.Rebuild(args[0], args[1], args[2], args[3]) : throw Arity("_rebuild_tensor", "4", args.Length),
        });
        Add(new PyGlobal("torch._utils", "_rebuild_parameter")
        {
            Call = (_, args) => args.Length == 3 ? AsParameter(args[0]) : throw Arity("_rebuild_parameter", "3", args.Length),
        });
        Add(new PyGlobal("torch._utils", "_rebuild_parameter_with_state")
        {
            Call = (_, args) => args.Length == 4 ? AsParameter(args[0]) : throw Arity("_rebuild_parameter_with_state", "4", args.Length),
        });
        Add(new PyGlobal("torch._tensor", "_rebuild_from_type_v2") { Call = RebuildFromType });
        Add(new PyGlobal("torch", "Tensor"));
        Add(new PyGlobal("torch.nn.parameter", "Parameter"));
        Add(new PyGlobal("torch", "Size") { Call = (_, args) => new PyTuple(PyDescribe.Sequence(Single(args, "torch.Size"), "torch.Size's argument").ToArray()) });
        Add(new PyGlobal("torch.storage", "_load_from_bytes")
        {
            Call = (session, args) => TorchSerialization.LoadStorageFromBytes(session, Single(args, "_load_from_bytes")),
        });
        foreach (var (name, dtype) in StorageTypes)
            Add(new PyGlobal("torch", name) { StorageType = dtype });

        // NumPy scalars and arrays (NumPy 2 moved numpy.core to numpy._core).
        Add(new PyGlobal("numpy", "dtype") { Call = (_, args) => NumpyDType.Create(args) });
        Add(new PyGlobal("numpy", "ndarray"));
        Add(new PyGlobal("numpy.core.multiarray", "scalar") { Call = (_, args) => NumpyDType.Scalar(args) }, "numpy._core.multiarray");
        Add(new PyGlobal("numpy.core.multiarray", "_reconstruct") { Call = (_, args) => NumpyArray.Reconstruct(args) }, "numpy._core.multiarray");
        return table;
    }

    private static PyDict NewDict(string className, object?[] args)
    {
        var dict = new PyDict(className);
        if (args.Length > 1)
            throw Arity(className, "0 or 1", args.Length);
        if (args.Length == 1)
        {
            if (args[0] is PyDict source)
            {
                foreach (var (key, value) in source.Items)
                    dict.Set(key, value);
            }
            else
            {
                foreach (var pair in PyDescribe.Sequence(args[0], $"{className}'s argument"))
                {
                    var items = PyDescribe.Sequence(pair, $"an item of {className}'s argument");
                    if (items.Length != 2)
                        throw new PickleDataException($"an item of {className}'s argument has {items.Length} values, not a key and a value");
                    dict.Set(items[0], items[1]);
                }
            }
        }
        return dict;
    }

    private static PySet NewSet(bool frozen, object?[] args)
    {
        var set = new PySet(frozen);
        if (args.Length > 1)
            throw Arity(frozen ? "frozenset" : "set", "0 or 1", args.Length);
        if (args.Length == 1)
        {
            if (args[0] is PySet source)
                set.Items.AddRange(source.Items);
            else
                set.Items.AddRange(PyDescribe.Sequence(args[0], "set's argument"));
        }
        return set;
    }

    private static PyBytes EncodeLatin1(object?[] args)
    {
        if (args.Length != 2)
            throw Arity("_codecs.encode", "2", args.Length);
        var text = PyDescribe.Str(args[0], "_codecs.encode's text");
        var encoding = PyDescribe.Str(args[1], "_codecs.encode's encoding").ToLowerInvariant();
        if (encoding is not ("latin1" or "latin-1" or "iso-8859-1" or "iso8859-1"))
            throw new PickleDataException($"_codecs.encode with encoding '{Clip(encoding)}' is not supported (only latin1, as pickle writes bytes)");
        if (text.Any(c => c > '\u00ff'))
            throw new PickleDataException("_codecs.encode's text has characters outside latin1");
        return new PyBytes(Encoding.Latin1.GetBytes(text), -1);
    }

    private static TorchTensor AsParameter(object? data) => data is TorchTensor tensor
        ? tensor.AsParameter()
        : throw new PickleDataException($"_rebuild_parameter expects a tensor but got {PyDescribe.Of(data)}");

    // torch._tensor._rebuild_from_type_v2(func, type, args, state): tensors of a subclass or with attributes.
    private static object? RebuildFromType(PickleSession session, object?[] args)
    {
        if (args.Length != 4)
            throw Arity("_rebuild_from_type_v2", "4", args.Length);
        if (args[0] is not PyGlobal { Call: { } rebuild } function)
            throw new PickleDataException($"_rebuild_from_type_v2 expects a rebuild function but got {PyDescribe.Of(args[0])}");
        if (args[1] is not PyGlobal { Module: "torch" or "torch.nn.parameter", Name: "Tensor" or "Parameter" })
            throw new PickleDataException($"_rebuild_from_type_v2 expects torch.Tensor or torch.nn.Parameter but got {PyDescribe.Of(args[1])}");
        if (args[2] is not PyTuple arguments)
            throw new PickleDataException($"_rebuild_from_type_v2 expects an argument tuple for {function.FullName}");
        return rebuild(session, arguments.Items);
    }

    private static object? Single(object?[] args, string what) =>
        args.Length == 1 ? args[0] : throw Arity(what, "1", args.Length);

    private static PickleDataException Arity(string what, string expected, int actual) =>
        new($"{what} takes {expected} argument(s) but the pickle passes {actual}");

    /// <summary>Shortens text from the file before it goes into a message.</summary>
    internal static string Clip(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
