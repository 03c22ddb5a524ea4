using GanKit.Networks.Config;
using GanKit.Networks.Layers;
using GanKit.Torch;

namespace GanKit.Networks;

/// <summary>
/// f: Z → W (StyleGAN, §2). z is normalised to unit second moment, optionally joined with an embedded class
/// label, and passed through fully connected layers learning at 1/100 of the rate. It tracks the average w
/// for the truncation trick: w' = w̄ + ψ(w − w̄).
/// </summary>
public sealed class MappingNetwork : NetworkModule
{
    private readonly FullyConnectedLayer[] _layers;
    private readonly double? _wAvgBeta;

    /// <summary>Creates the network with fresh weights.</summary>
    /// <param name="num_ws">Copies of w produced (one per synthesis input), or null for a single w.</param>
    public MappingNetwork(int z_dim, int c_dim, int w_dim, int? num_ws, MappingConfig config)
    {
        ZDim = z_dim;
        CDim = c_dim;
        WDim = w_dim;
        NumWs = num_ws;
        _wAvgBeta = config.WAvgBeta;
        var embedFeatures = c_dim == 0 ? 0 : config.EmbedFeatures ?? w_dim;
        var layerFeatures = config.LayerFeatures ?? w_dim;
        var features = new List<int> { z_dim + embedFeatures };
        features.AddRange(Enumerable.Repeat(layerFeatures, config.NumLayers - 1));
        features.Add(w_dim);

        if (c_dim > 0) embed = RegisterModule("embed", new FullyConnectedLayer(c_dim, embedFeatures));
        _layers = new FullyConnectedLayer[config.NumLayers];
        for (var i = 0; i < config.NumLayers; i++)
        {
            _layers[i] = RegisterModule($"fc{i}", new FullyConnectedLayer(features[i], features[i + 1],
                activation: config.Activation, lr_multiplier: config.LrMultiplier));
        }
        if (num_ws is not null && _wAvgBeta is not null) w_avg = RegisterBuffer("w_avg", torch.zeros([w_dim]));
    }

    /// <summary>z dimension.</summary>
    public int ZDim { get; }

    /// <summary>Label dimension.</summary>
    public int CDim { get; }

    /// <summary>w dimension.</summary>
    public int WDim { get; }

    /// <summary>Number of ws broadcast for synthesis (null: one w).</summary>
    public int? NumWs { get; }

    /// <summary>Label embedding, or null when unconditional.</summary>
    public FullyConnectedLayer? embed { get; }

    /// <summary>The tracked mean of w, or null when not tracked.</summary>
    public readonly Tensor? w_avg;

    /// <summary>The fully connected layers fc0, fc1, ...</summary>
    public IReadOnlyList<FullyConnectedLayer> layers => _layers;

    /// <summary>
    /// Maps z (and label c) to ws [N, num_ws, w_dim], applying truncation ψ to the first
    /// <paramref name="truncation_cutoff"/> ws (all when null). In training mode it updates <see cref="w_avg"/>.
    /// </summary>
    public Tensor forward(Tensor? z, Tensor? c, double truncation_psi = 1, int? truncation_cutoff = null, bool skip_w_avg_update = false)
    {
        using var scope = torch.NewDisposeScope();
        Tensor? x = null;
        if (ZDim > 0)
        {
            if (z is null) throw new ArgumentException($"mapping: z of shape [N, {ZDim}] is required", nameof(z));
            CheckShape(z, ZDim, "z");
            x = normalize_2nd_moment(z.to(ScalarType.Float32));
        }
        if (CDim > 0)
        {
            if (c is null) throw new ArgumentException($"mapping: this network is conditional; a label c of shape [N, {CDim}] is required", nameof(c));
            CheckShape(c, CDim, "c");
            var y = normalize_2nd_moment(embed!.forward(c.to(ScalarType.Float32)));
            x = x is null ? y : torch.cat([x, y], 1);
        }
        foreach (var layer in _layers) x = layer.forward(x!);

        if (w_avg is not null && training && !skip_w_avg_update)
        {
            using var noGrad = torch.no_grad();
            w_avg.copy_(x!.detach().mean([0]).Lerp(w_avg, _wAvgBeta!.Value));
        }

        if (NumWs is { } numWs) x = x!.unsqueeze(1).repeat(1, numWs, 1);

        if (truncation_psi != 1)
        {
            if (w_avg is null) throw new InvalidOperationException("mapping: truncation needs the tracked w_avg, which this network lacks");
            if (truncation_cutoff is null || NumWs is null || truncation_cutoff >= NumWs)
            {
                x = w_avg.Lerp(x!, truncation_psi);
            }
            else
            {
                var cutoff = truncation_cutoff.Value;
                var head = w_avg.Lerp(x!.narrow(1, 0, cutoff), truncation_psi);
                x = torch.cat([head, x.narrow(1, cutoff, NumWs.Value - cutoff)], 1);
            }
        }
        return x!.MoveToOuterDisposeScope();
    }

    /// <summary>x / √(mean(x²) + 1e-8) per sample: puts every latent on the same sphere.</summary>
    public static Tensor normalize_2nd_moment(Tensor x, long dim = 1, double eps = 1e-8)
    {
        using var scope = torch.NewDisposeScope();
        return (x * (x.square().mean([dim], keepdim: true) + eps).rsqrt()).MoveToOuterDisposeScope();
    }

    private static void CheckShape(Tensor t, int width, string name)
    {
        var s = t.shape;
        if (s.Length != 2 || s[1] != width)
            throw new ArgumentException($"mapping: {name} must have shape [N, {width}], got [{string.Join(", ", s)}]", name);
    }
}
