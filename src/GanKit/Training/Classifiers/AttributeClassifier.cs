using System.Text.Json;
using System.Text.Json.Nodes;
using GanKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace GanKit.Training.Classifiers;

/// <summary>
/// A small CNN that reads the known factors of a face (smile, glasses, beard, hair colour, ...) from an image: four
/// stride-2 3×3 convolutions with leaky ReLU, global average pooling, and one linear head per factor giving that
/// factor's class logits. Trained on the avatars dataset (<see cref="AttributeClassifierTrainer"/>), it labels
/// generated images, which gives supervised latent directions their labels and checks what an edit changed.
/// </summary>
public sealed class AttributeClassifier : Module<Tensor, Tensor[]>
{
    private const string MetadataKey = "gankit_attribute_classifier";

    private readonly Sequential features;
    private readonly ModuleList<Module<Tensor, Tensor>> heads;

    /// <summary>A classifier for <paramref name="factors"/> (name and value names), reading <paramref name="resolution"/>² RGB images.</summary>
    public AttributeClassifier(IReadOnlyList<ClassifiedFactor> factors, int resolution, int width = 32) : base(nameof(AttributeClassifier))
    {
        ArgumentNullException.ThrowIfNull(factors);
        if (factors.Count == 0) throw new ArgumentException("expected at least one factor", nameof(factors));
        Factors = factors;
        Resolution = resolution;
        Width = width;
        features = Sequential(
            Conv2d(3, width, 3, stride: 2, padding: 1), LeakyReLU(0.2),
            Conv2d(width, 2 * width, 3, stride: 2, padding: 1), LeakyReLU(0.2),
            Conv2d(2 * width, 4 * width, 3, stride: 2, padding: 1), LeakyReLU(0.2),
            Conv2d(4 * width, 4 * width, 3, stride: 2, padding: 1), LeakyReLU(0.2),
            AdaptiveAvgPool2d(1), Flatten());
        heads = new ModuleList<Module<Tensor, Tensor>>(factors.Select(f => (Module<Tensor, Tensor>)Linear(4 * width, f.Values.Count)).ToArray());
        RegisterComponents();
    }

    /// <summary>The factors read, in head order.</summary>
    public IReadOnlyList<ClassifiedFactor> Factors { get; }

    /// <summary>Side of the images the classifier reads (others are resized to it).</summary>
    public int Resolution { get; }

    /// <summary>Channels of the first convolution (later ones have 2× and 4×).</summary>
    public int Width { get; }

    /// <summary>Logits [N, values] of every factor for images [N, 3, H, W] in [−1, 1] (the generator's range).</summary>
    public override Tensor[] forward(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var x = images.shape[2] == Resolution && images.shape[3] == Resolution ? images
            : functional.adaptive_avg_pool2d(images, [Resolution, Resolution]); // area resampling
        var h = features.forward(x);
        return heads.Select(head => head.forward(h).MoveToOuterDisposeScope()).ToArray();
    }

    /// <summary>
    /// The most likely value of every factor for each image, with its probability, in batches without gradients.
    /// </summary>
    public IReadOnlyList<IReadOnlyDictionary<string, (string Value, double Probability)>> Predict(Tensor images, int batchSize = 256)
    {
        var result = new List<IReadOnlyDictionary<string, (string, double)>>();
        var wasTraining = training;
        eval();
        try
        {
            using var noGrad = torch.no_grad();
            for (long start = 0; start < images.shape[0]; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                var batch = images.narrow(0, start, Math.Min(batchSize, images.shape[0] - start)).to(parameters().First().device);
                var probabilities = forward(batch).Select(l => functional.softmax(l, 1).cpu().data<float>().ToArray()).ToArray();
                for (var i = 0; i < batch.shape[0]; i++)
                {
                    var row = new Dictionary<string, (string, double)>();
                    for (var f = 0; f < Factors.Count; f++)
                    {
                        var k = Factors[f].Values.Count;
                        var best = 0;
                        for (var v = 1; v < k; v++) if (probabilities[f][i * k + v] > probabilities[f][i * k + best]) best = v;
                        row[Factors[f].Name] = (Factors[f].Values[best], probabilities[f][i * k + best]);
                    }
                    result.Add(row);
                }
            }
        }
        finally { train(wasTraining); }
        return result;
    }

    /// <summary>Saves the weights and the factor table as safetensors, atomically.</summary>
    public void Save(string path)
    {
        var header = new JsonObject
        {
            ["resolution"] = Resolution,
            ["width"] = Width,
            ["factors"] = new JsonArray(Factors.Select(f => (JsonNode?)new JsonObject
            {
                ["name"] = f.Name,
                ["values"] = new JsonArray(f.Values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
            }).ToArray()),
        };
        var tensors = state_dict().Select(kv => new KeyValuePair<string, Tensor>(kv.Key, kv.Value.detach().cpu()));
        Safetensors.Write(path, tensors, new Dictionary<string, string> { [MetadataKey] = header.ToJsonString() });
    }

    /// <summary>Loads a classifier saved by <see cref="Save"/>; the error names the file when it is not one.</summary>
    public static AttributeClassifier Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"attribute classifier '{path}' does not exist", path);
        var tensors = Safetensors.Read(path, out var metadata);
        if (!metadata.TryGetValue(MetadataKey, out var text))
            throw new InvalidDataException($"'{path}' is not an attribute classifier: its metadata lacks \"{MetadataKey}\".");
        ClassifiedFactor[] factors;
        int resolution, width;
        try
        {
            var header = JsonNode.Parse(text)!.AsObject();
            resolution = (int)header["resolution"]!;
            width = (int)header["width"]!;
            factors = header["factors"]!.AsArray().Select(f => new ClassifiedFactor((string)f!["name"]!,
                f["values"]!.AsArray().Select(v => (string)v!).ToArray())).ToArray();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw new InvalidDataException($"'{path}': the classifier header is malformed ({e.Message}).", e);
        }
        var classifier = new AttributeClassifier(factors, resolution, width);
        classifier.LoadStateDict(tensors);
        classifier.eval();
        return classifier;
    }
}
