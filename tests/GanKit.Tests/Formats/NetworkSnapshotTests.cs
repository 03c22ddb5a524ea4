using System.Text.Json.Nodes;
using GanKit.Formats.Pickle;
using GanKit.Torch;

namespace GanKit.Tests.Formats;

public sealed class NetworkSnapshotTests
{
    private static readonly Lazy<NetworkSnapshot> Fixture = new(() => NetworkSnapshot.Load(Fixtures.Path("network-snapshot.pkl")));

    private static JsonNode Config => JsonNode.Parse(File.ReadAllText(Fixtures.Path("config.json")))!;

    private static void AssertSameState(IReadOnlyDictionary<string, RawTensor> expected, IReadOnlyDictionary<string, RawTensor> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys); // the exports were written in state_dict() order
        foreach (var (name, tensor) in expected)
        {
            Assert.Equal(tensor.DType, actual[name].DType);
            Assert.Equal(tensor.Shape, actual[name].Shape);
            Assert.True(tensor.Data.AsSpan().SequenceEqual(actual[name].Data), $"{name}: bytes differ");
        }
    }

    [Fact]
    public void FixtureGeneratorMatchesTheSafetensorsExport()
    {
        var snapshot = Fixture.Value;
        Assert.Equal(["G", "D", "G_ema"], snapshot.Networks.Keys);
        var generator = snapshot.Networks["G_ema"];
        Assert.Equal("Generator", generator.ClassName);
        AssertSameState(Safetensors.Read(Fixtures.Path("G.safetensors")), generator.State);
        Assert.Contains("synthesis.b4.conv1.noise_const", generator.State.Keys);
        Assert.Contains("mapping.fc0.weight", generator.State.Keys);
        AssertSameState(Safetensors.Read(Fixtures.Path("G.safetensors")), snapshot.Networks["G"].State);
    }

    [Fact]
    public void FixtureDiscriminatorMatchesTheSafetensorsExport()
    {
        var discriminator = Fixture.Value.Networks["D"];
        Assert.Equal("Discriminator", discriminator.ClassName);
        AssertSameState(Safetensors.Read(Fixtures.Path("D.safetensors")), discriminator.State);
    }

    [Fact]
    public void FixtureInitKwargsEqualTheConfig()
    {
        var snapshot = Fixture.Value;
        Assert.True(JsonNode.DeepEquals(Config["generator"], snapshot.Networks["G_ema"].InitKwargs), snapshot.Networks["G_ema"].InitKwargs.ToJsonString());
        Assert.True(JsonNode.DeepEquals(Config["discriminator"], snapshot.Networks["D"].InitKwargs), snapshot.Networks["D"].InitKwargs.ToJsonString());
        Assert.Empty(snapshot.Networks["G"].InitArgs);
        Assert.Null(snapshot.AugmentPipe);
        Assert.Null(snapshot.AugmentPipeKwargs);
        Assert.Null(snapshot.TrainingSetKwargs);
    }

    [Fact]
    public void SyntheticSnapshotFollowsStateDictRules()
    {
        // Storage [0..5] viewed at offset 1 with size (2, 2) and strides (1, 2): a transposed, offset view.
        var payload = PickleBuilder.ZipStoragePayload([0, 1, 2, 3, 4, 5]);
        void Tensor(PickleBuilder p) => p.Call("torch._utils", "_rebuild_tensor_v2",
            q => q.Call("torch.storage", "_load_from_bytes", r => r.Bytes(payload)),
            q => q.Int(1),
            q => q.Mark().Int(2).Int(2).Tuple(),
            q => q.Mark().Int(1).Int(2).Tuple(),
            q => q.Bool(false),
            q => q.Dict([], "OrderedDict"));
        void Parameter(PickleBuilder p) => p.Call("torch._utils", "_rebuild_parameter", Tensor, q => q.Bool(true), q => q.Dict([], "OrderedDict"));
        void Module(PickleBuilder p, string className, (string, Action<PickleBuilder>)[] parameters, (string, Action<PickleBuilder>)[] buffers,
            (string, Action<PickleBuilder>)[] modules, string[] nonPersistent, (string, Action<PickleBuilder>)[] kwargs) =>
            p.Call("torch_utils.persistence", "_reconstruct_persistent_obj", q => q.Dict(
            [
                ("type", r => r.Str("class")),
                ("version", r => r.Int(6)),
                ("module_src", r => r.Str("import os; os.system('never run')")),
                ("class_name", r => r.Str(className)),
                ("state", r => r.Dict(
                [
                    ("training", s => s.Bool(false)),
                    ("_parameters", s => s.Dict(parameters, "OrderedDict")),
                    ("_buffers", s => s.Dict(buffers, "OrderedDict")),
                    ("_non_persistent_buffers_set", s =>
                    {
                        s.EmptySet();
                        if (nonPersistent.Length > 0)
                        {
                            s.Mark();
                            foreach (var name in nonPersistent)
                                s.Str(name);
                            s.AddItems();
                        }
                    }),
                    ("_modules", s => s.Dict(modules, "OrderedDict")),
                    ("_init_args", s => s.EmptyTuple()),
                    ("_init_kwargs", s => s.Dict(kwargs)),
                ])),
            ]));
        void NumpyScalar(PickleBuilder p) => p.Call("numpy.core.multiarray", "scalar",
            q => q.Call("numpy", "dtype", r => r.Str("f8"), r => r.Bool(false), r => r.Bool(true))
                .Mark().Int(3).Str("<").None().None().None().Int(-1).Int(-1).Int(0).Tuple().Build(),
            q => q.Bytes(BitConverter.GetBytes(0.125)));

        var pickle = new PickleBuilder().Proto().Dict(
        [
            ("G", p => Module(p, "Generator",
                parameters: [("w", Parameter), ("unused", q => q.None())],
                buffers: [("b", Tensor), ("scratch", Tensor)],
                modules: [("child", q => Module(q, "Child", [("x", Parameter)], [], [], [], [])), ("gone", q => q.None())],
                nonPersistent: ["scratch"],
                kwargs:
                [
                    ("z_dim", q => q.Int(4)),
                    ("lst", q => q.EmptyList().Mark().Int(1).Float(2.5).None().Bool(true).Appends()),
                    ("tup", q => q.Mark().Int(1).Str("a").Tuple()),
                    ("nested", q => q.Dict([("k", NumpyScalar)], "EasyDict")),
                ])),
            ("augment_pipe", p => p.None()),
            ("training_set_kwargs", p => p.Dict([("path", q => q.Str("data.zip")), ("xflip", q => q.Bool(true))], "EasyDict")),
        ]).Stop().ToArray();

        var snapshot = NetworkSnapshot.Load(pickle, "synthetic.pkl");

        var generator = snapshot.Networks["G"];
        Assert.Equal(["G"], snapshot.Networks.Keys);
        Assert.Equal("Generator", generator.ClassName);
        Assert.Equal(["w", "b", "child.x"], generator.State.Keys);
        Assert.Equal([2L, 2], generator.State["w"].Shape);
        Assert.Equal([1f, 3f, 2f, 4f], generator.State["w"].ToFloat32());
        Assert.Equal(
            """{"z_dim":4,"lst":[1,2.5,null,true],"tup":[1,"a"],"nested":{"k":0.125}}""",
            generator.InitKwargs.ToJsonString());
        Assert.Null(snapshot.AugmentPipe);
        Assert.Equal("""{"path":"data.zip","xflip":true}""", snapshot.TrainingSetKwargs!.ToJsonString());
    }
}
