using GanKit.Imaging;
using GanKit.Training.Data;
using GanKit.Training.Data.Avatars;
using static TorchSharp.torch.nn;

namespace GanKit.Training.Classifiers;

/// <summary>
/// Trains an <see cref="AttributeClassifier"/> on an avatars dataset (the attributes table of its
/// <c>dataset.json</c> gives every factor of every image) with cross-entropy summed over the factors and Adam,
/// and measures its accuracy on held-out images it never trained on.
/// </summary>
public static class AttributeClassifierTrainer
{
    /// <summary>Yes/no questions measured besides the exact factor values: (factor, value meaning "no").</summary>
    private static readonly (string Factor, string No)[] Presence = [("glasses", AvatarFactors.None), ("beard", AvatarFactors.None)];

    /// <summary>Trains on <paramref name="dataset"/>; <paramref name="onProgress"/> receives (step, steps, mean loss of the last steps).</summary>
    /// <exception cref="InvalidDataException">The dataset is not an avatars dataset or its images cannot be read.</exception>
    public static (AttributeClassifier Classifier, IReadOnlyList<AttributeAccuracy> HeldOut) Train(string dataset,
        AttributeClassifierOptions? options = null, Action<int, int, double>? onProgress = null)
    {
        options ??= new AttributeClassifierOptions();
        if (options.Epochs < 1) throw new ArgumentException($"epochs {options.Epochs}: expected at least 1.", nameof(options));
        if (options.BatchSize < 2) throw new ArgumentException($"batch size {options.BatchSize}: expected at least 2.", nameof(options));
        if (options.HeldOutFraction is <= 0 or >= 1) throw new ArgumentException($"held-out fraction {options.HeldOutFraction}: expected between 0 and 1.", nameof(options));

        var rows = AvatarDataset.ReadAttributes(dataset);
        if (options.MaxImages is { } max) rows = rows.Take(max).ToList();
        var factors = AvatarFactors.All.Select(f => new ClassifiedFactor(f.Name, f.Values.Select(v => v.Name).ToArray())).ToArray();
        var (pixels, resolution) = ReadImages(dataset, rows.Select(r => r.File).ToList());
        var labels = new long[rows.Count * factors.Length];
        for (var i = 0; i < rows.Count; i++)
            for (var f = 0; f < factors.Length; f++)
                labels[i * factors.Length + f] = AvatarFactors.All[f].IndexOf(rows[i].Attributes[factors[f].Name]);

        var order = Enumerable.Range(0, rows.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var heldOutCount = Math.Max(1, (int)Math.Round(rows.Count * options.HeldOutFraction));
        var heldOut = order[..heldOutCount];
        var trainSet = order[heldOutCount..];
        if (trainSet.Length < options.BatchSize) throw new InvalidDataException($"'{dataset}' has too few images ({rows.Count}) for batches of {options.BatchSize}.");

        torch.manual_seed(options.Seed);
        var classifier = new AttributeClassifier(factors, resolution, options.Width);
        using var adam = torch.optim.Adam(classifier.parameters(), options.LearningRate);
        var shuffle = new Random(options.Seed + 1);
        var stepsPerEpoch = trainSet.Length / options.BatchSize;
        var steps = options.Epochs * stepsPerEpoch;
        var step = 0;
        var recent = new Queue<double>();
        classifier.train();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            shuffle.Shuffle(trainSet);
            for (var b = 0; b < stepsPerEpoch; b++)
            {
                using var scope = torch.NewDisposeScope();
                var batch = trainSet.AsSpan(b * options.BatchSize, options.BatchSize).ToArray();
                var (images, targets) = Batch(pixels, labels, batch, resolution, factors.Length);
                var logits = classifier.forward(images);
                var loss = logits.Select((l, f) => functional.cross_entropy(l, targets.select(1, f))).Aggregate((a, c) => a + c);
                adam.zero_grad();
                loss.backward();
                adam.step();
                recent.Enqueue(loss.item<float>());
                if (recent.Count > 20) recent.Dequeue();
                onProgress?.Invoke(++step, steps, recent.Average());
            }
        }
        classifier.eval();
        return (classifier, Evaluate(classifier, pixels, labels, heldOut, resolution, factors));
    }

    private static IReadOnlyList<AttributeAccuracy> Evaluate(AttributeClassifier classifier, byte[] pixels, long[] labels, int[] heldOut,
        int resolution, ClassifiedFactor[] factors)
    {
        var predicted = new long[heldOut.Length * factors.Length];
        using (torch.no_grad())
        {
            for (var start = 0; start < heldOut.Length; start += 256)
            {
                using var scope = torch.NewDisposeScope();
                var batch = heldOut.AsSpan(start, Math.Min(256, heldOut.Length - start)).ToArray();
                var (images, _) = Batch(pixels, labels, batch, resolution, factors.Length);
                var logits = classifier.forward(images);
                for (var f = 0; f < factors.Length; f++)
                {
                    var best = logits[f].argmax(1).data<long>().ToArray();
                    for (var i = 0; i < batch.Length; i++) predicted[(start + i) * factors.Length + f] = best[i];
                }
            }
        }
        long Truth(int i, int f) => labels[heldOut[i] * factors.Length + f];
        long Guess(int i, int f) => predicted[i * factors.Length + f];
        var n = heldOut.Length;
        var result = new List<AttributeAccuracy>();
        for (var f = 0; f < factors.Length; f++)
        {
            var right = Enumerable.Range(0, n).Count(i => Truth(i, f) == Guess(i, f));
            var chance = Enumerable.Range(0, n).GroupBy(i => Truth(i, f)).Max(g => g.Count());
            result.Add(new AttributeAccuracy(factors[f].Name, right / (double)n, n, chance / (double)n));
        }
        foreach (var (factor, no) in Presence)
        {
            var f = Array.FindIndex(factors, x => x.Name == factor);
            var noIndex = AvatarFactors.Named(factor).IndexOf(no);
            var right = Enumerable.Range(0, n).Count(i => (Truth(i, f) == noIndex) == (Guess(i, f) == noIndex));
            var yes = Enumerable.Range(0, n).Count(i => Truth(i, f) != noIndex);
            result.Add(new AttributeAccuracy($"{factor} vs {no}", right / (double)n, n, Math.Max(yes, n - yes) / (double)n));
        }
        return result;
    }

    /// <summary>Images [B, 3, R, R] in [−1, 1] and class targets [B, factors] for dataset positions <paramref name="indices"/>.</summary>
    private static (Tensor Images, Tensor Targets) Batch(byte[] pixels, long[] labels, int[] indices, int resolution, int factorCount)
    {
        var size = resolution * resolution * 3;
        var hwc = new byte[indices.Length * size];
        var targets = new long[indices.Length * factorCount];
        for (var i = 0; i < indices.Length; i++)
        {
            Array.Copy(pixels, (long)indices[i] * size, hwc, (long)i * size, size);
            Array.Copy(labels, (long)indices[i] * factorCount, targets, (long)i * factorCount, factorCount);
        }
        var images = torch.tensor(hwc, [indices.Length, resolution, resolution, 3]).permute(0, 3, 1, 2)
            .to(ScalarType.Float32).div_(127.5).sub_(1);
        return (images, torch.tensor(targets, [indices.Length, factorCount]));
    }

    /// <summary>Every image's RGB bytes, decoded in parallel; all must share one square size.</summary>
    private static (byte[] Pixels, int Resolution) ReadImages(string dataset, IReadOnlyList<string> files)
    {
        using var store = ImageStore.Open(dataset);
        var first = RgbImage.FromBytes(store.Read(files[0]), store.Describe(files[0]));
        var r = first.Width;
        var size = r * r * 3;
        var pixels = new byte[(long)files.Count * size];
        var gate = new object();
        Parallel.For(0, files.Count, i =>
        {
            byte[] bytes;
            lock (gate) bytes = store.Read(files[i]); // a zip archive is read by one thread at a time
            var image = RgbImage.FromBytes(bytes, store.Describe(files[i]));
            if (image.Width != r || image.Height != r)
                throw new InvalidDataException($"{store.Describe(files[i])} is {image.Width}x{image.Height}: expected {r}x{r} like the first image.");
            image.Pixels.CopyTo(pixels.AsSpan((int)((long)i * size), size));
        });
        return (pixels, r);
    }
}
