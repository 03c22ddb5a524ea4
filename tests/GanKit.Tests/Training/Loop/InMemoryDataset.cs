using GanKit.Training.Data;

namespace GanKit.Tests.Training.Loop;

/// <summary>
/// Synthetic training images held in memory (a bright square at a varying place on a varying background), served
/// in a seeded order with a new permutation each pass, so a stream can restart at any index. With
/// <c>grey</c> the square and the background are each one random grey level (160–255 and 32–96), away from the
/// ends of the range, so a generator can match them without saturating.
/// </summary>
public sealed class InMemoryDataset : ITrainingDataset
{
    private readonly byte[][] _images;

    public InMemoryDataset(int count = 64, int resolution = 32, int channels = 3, string name = "squares", int labelDim = 0, bool grey = false)
    {
        LabelDim = labelDim;
        Name = name;
        Resolution = resolution;
        Channels = channels;
        var random = new Random(1234);
        _images = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var image = new byte[channels * resolution * resolution];
            var background = grey ? (byte)random.Next(32, 97) : (byte)random.Next(0, 96);
            Array.Fill(image, background);
            var size = resolution / 4 + random.Next(resolution / 4);
            var x0 = random.Next(resolution - size);
            var y0 = random.Next(resolution - size);
            var level = grey ? (byte)random.Next(160, 256) : (byte)0; // drawn only for grey: the colour images stay as they were
            for (var c = 0; c < channels; c++)
            {
                var value = grey ? level : (byte)random.Next(128, 256);
                for (var y = y0; y < y0 + size; y++)
                for (var x = x0; x < x0 + size; x++)
                    image[(c * resolution + y) * resolution + x] = value;
            }
            _images[i] = image;
        }
    }

    public string Name { get; }
    public int Count => _images.Length;
    public int Resolution { get; }
    public int Channels { get; }
    public int LabelDim { get; }

    /// <summary>Batches handed out so far (to check that a resumed stream starts where the first one stopped).</summary>
    public List<long> StartIndices { get; } = [];

    public IEnumerable<DataBatch> Batches(int batchSize, long seed, long startIndex = 0)
    {
        StartIndices.Add(startIndex);
        for (var index = startIndex; ; index += batchSize)
        {
            var data = new byte[batchSize * Channels * Resolution * Resolution];
            var labels = new float[batchSize * LabelDim];
            for (var i = 0; i < batchSize; i++)
            {
                var position = index + i;
                var which = Permutation(seed, position / Count)[position % Count];
                _images[which].CopyTo(data, i * _images[which].Length);
                if (LabelDim > 0) labels[i * LabelDim + which % LabelDim] = 1; // class = image index mod LabelDim
            }
            yield return new DataBatch(torch.tensor(data, [batchSize, Channels, Resolution, Resolution]),
                LabelDim > 0 ? torch.tensor(labels, [batchSize, LabelDim]) : null);
        }
    }

    private int[] Permutation(long seed, long pass)
    {
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(unchecked((int)(seed * 1_000_003 + pass))).Shuffle(order);
        return order;
    }

    public void Dispose() { }
}
