using System.Diagnostics;
using GanKit.Imaging;
using GanKit.Networks;
using GanKit.Networks.Layers;

namespace GanKit.Latent.Projection;

/// <summary>
/// Finds a latent whose image reproduces a target (StyleGAN2, Karras et al. 2020, appendix D). The latent starts at
/// the best of a few short trials from w_avg and random latents (<see cref="ProjectorOptions.Starts"/>; the paper
/// starts at w_avg alone); Adam minimises the distance to the target (<see cref="ProjectionLoss"/>) while the learning
/// rate ramps up and down, optionally with Gaussian noise added to w that shrinks to nothing over the first 75% of
/// steps (the paper's way of looking around, <see cref="ProjectorOptions.InitialWNoise"/>), and the synthesis
/// network's per-layer noise maps are optimised too, held to white noise by <see cref="NoiseRegularization"/>. In
/// <see cref="ProjectionSpace.W"/> one w feeds every layer; in <see cref="ProjectionSpace.WPlus"/> each layer has its own.
/// </summary>
/// <remarks>
/// Every step stays on the device: the loss of each step is written into a device tensor, and the host reads it only
/// for the <see cref="StepCompleted"/> events (every <see cref="ProjectorOptions.ProgressEvery"/> steps). The
/// generator's noise buffers are used as the optimised noise maps during <see cref="Project(Tensor)"/> and restored
/// afterwards, so the network is unchanged once it returns (not thread-safe against other uses of the same generator).
/// </remarks>
public sealed class Projector
{
    private readonly Generator _g;
    private readonly Discriminator? _d;
    private readonly LpipsNetwork? _lpips;
    private (Tensor WAvg, double SigmaW)? _wStatistics;

    /// <summary>Prepares a projector for <paramref name="G"/>.</summary>
    /// <param name="G">The generator (usually <c>G_ema</c>); unconditional.</param>
    /// <param name="D">The discriminator of the same network, needed by the <c>dfeat</c> loss.</param>
    /// <param name="lpips">The VGG16 LPIPS network, needed by the <c>lpips</c> loss.</param>
    /// <param name="options">Settings (see <see cref="ProjectorOptions"/> for where the defaults differ from the paper's).</param>
    /// <exception cref="ArgumentException">A conditional generator, a setting out of range, or a weighted loss without its network.</exception>
    public Projector(Generator G, Discriminator? D = null, LpipsNetwork? lpips = null, ProjectorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(G);
        _g = G;
        _d = D;
        _lpips = lpips;
        Options = options ?? new ProjectorOptions();
        Options.Validate();
        if (G.Config.CDim > 0)
            throw new ArgumentException($"projection needs an unconditional network; this one is conditional (c_dim {G.Config.CDim})");
        if (Options.LossWeights.NeedsDiscriminator && D is null)
            throw new ArgumentException("the discriminator-feature loss (dfeat) needs the network's discriminator D, and this network file has none " +
                                        "(a G-only file); use a file with D, give --lpips PATH, or set --loss-weights dfeat=0");
        if (Options.LossWeights.NeedsLpips && lpips is null)
            throw new ArgumentException($"the LPIPS loss needs the VGG16 file {LpipsNetwork.FileName} ({LpipsNetwork.Url}); pass --lpips PATH");
        if (D is not null && D.Config.ImgResolution != G.Config.ImgResolution)
            throw new ArgumentException($"D reads {D.Config.ImgResolution}² images but G makes {G.Config.ImgResolution}²");
    }

    /// <summary>The settings.</summary>
    public ProjectorOptions Options { get; }

    /// <summary>Raised every <see cref="ProjectorOptions.ProgressEvery"/> steps, after the first and after the last, on the projecting thread.</summary>
    public event EventHandler<ProjectionStepEventArgs>? StepCompleted;

    /// <summary>
    /// w_avg ([w_dim], on G's device) and σ_w, the root mean squared distance of w from w_avg, over
    /// <see cref="ProjectorOptions.WAvgSamples"/> mapped random z (computed once per projector).
    /// </summary>
    public (Tensor WAvg, double SigmaW) WStatistics()
    {
        if (_wStatistics is { } cached) return cached;
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var device = _g.device;
        var generator = new torch.Generator((ulong)Options.Seed, device);
        var parts = new List<Tensor>();
        for (var done = 0; done < Options.WAvgSamples; done += 1000)
        {
            var n = Math.Min(1000, Options.WAvgSamples - done);
            var z = torch.randn([n, _g.Config.ZDim], dtype: ScalarType.Float32, device: device, generator: generator);
            parts.Add(_g.mapping.forward(z, null, skip_w_avg_update: true).select(1, 0));
        }
        var ws = torch.cat(parts.ToArray());
        var wAvg = ws.mean([0]);
        var sigma = Math.Sqrt((ws - wAvg).square().sum(1).mean().ToDouble());
        _wStatistics = (wAvg.MoveToOuterDisposeScope(), sigma);
        return _wStatistics.Value;
    }

    /// <summary>Projects an 8-bit image of the network's resolution (see <see cref="ProjectionTarget"/> for photos of any size).</summary>
    public ProjectionResult Project(RgbImage target)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var t = TensorImageConversion.FromImage(target, _g.device);
        return Project(t);
    }

    /// <summary>Projects a target image [1, 3, R, R] or [3, R, R] in [-1, 1].</summary>
    public ProjectionResult Project(Tensor target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var r = _g.Config.ImgResolution;
        var c = _g.Config.ImgChannels;
        var batched = target.dim() == 3 ? target.unsqueeze(0) : target.alias();
        using var _ = batched;
        var s = batched.shape;
        if (s.Length != 4 || s[0] != 1 || s[1] != c || s[2] != r || s[3] != r)
            throw new ArgumentException($"the target must be one image [1, {c}, {r}, {r}] in [-1, 1] at the network's resolution, got [{string.Join(", ", target.shape)}]", nameof(target));

        var (wAvg, sigmaW) = WStatistics();
        var device = _g.device;
        var numSteps = Options.NumSteps;
        var numWs = _g.NumWs;
        var wDim = _g.Config.WDim;
        var layers = NoiseLayers(_g).ToArray();
        var noises = layers.Select(l => l.noise_const!).ToArray();
        var originals = noises.Select(n => n.detach().clone()).ToArray();
        var generator = new torch.Generator((ulong)Options.Seed, device);
        var optimizeNoise = Options.OptimizeNoise && noises.Length > 0;

        using var loss = new ProjectionLoss(batched.to(device), Options.LossWeights, _d, _lpips);
        // W+ starts as one shared w and unties into one w per layer at WPlusUntie (see there); W stays shared.
        var untieStep = Options.Space == ProjectionSpace.WPlus ? (int)Math.Round(Options.WPlusUntie * numSteps) : int.MaxValue;
        var start = Options.Starts > 1 ? BestStart(loss, wAvg, numSteps) : wAvg.detach().reshape(1, 1, wDim).clone();
        var wOpt = start.requires_grad_(true);
        if (untieStep == 0) wOpt = Untie(wOpt, numWs);
        using var history = torch.zeros([numSteps], dtype: ScalarType.Float32, device: device);
        var clock = Stopwatch.StartNew();
        try
        {
            if (optimizeNoise)
            {
                using var noGrad = torch.no_grad();
                foreach (var n in noises)
                {
                    if (Options.RandomInitialNoise)
                    {
                        using var fresh = torch.randn(n.shape, dtype: n.dtype, device: device, generator: generator);
                        n.copy_(fresh);
                    }
                    n.requires_grad_(true);
                }
                NoiseRegularization.Normalize(noises);
            }
            Tensor[] optimized = optimizeNoise ? [wOpt, .. noises] : [wOpt];
            using var adam = new LatentAdam(optimized);
            var scales = optimized.Select((_, i) => i == 0 ? 1 : Options.NoiseLearningRateScale).ToArray();

            for (var step = 0; step < numSteps; step++)
            {
                if (step == untieStep && step > 0)
                {
                    wOpt = Untie(wOpt, numWs);
                    optimized[0] = wOpt;
                    adam.Replace(0, wOpt, m => m.repeat(1, numWs, 1));
                }
                using var scope = torch.NewDisposeScope();
                var wNoise = sigmaW * Options.WNoiseAt(step, numSteps);
                var w = wNoise > 0 ? wOpt + torch.randn(wOpt.shape, dtype: ScalarType.Float32, device: device, generator: generator) * wNoise : wOpt;
                var ws = w.shape[1] == 1 ? w.expand(1, numWs, wDim) : w;
                var synth = _g.synthesis.forward(ws, NoiseMode.Const);
                var total = loss.Compute(synth);
                if (optimizeNoise && Options.NoiseRegularization > 0)
                    total = total + Options.NoiseRegularization * NoiseRegularization.Penalty(noises);
                var grads = GanKit.Torch.Autograd.grad([total], optimized);
                adam.Step(grads, Options.LearningRateAt(step, numSteps), scales);
                if (optimizeNoise) NoiseRegularization.Normalize(noises);
                using (torch.no_grad()) history.narrow(0, step, 1).copy_(total.detach().reshape(1));

                var last = step == numSteps - 1;
                var withImage = Options.ImageEvery > 0 && (step == 0 || (step + 1) % Options.ImageEvery == 0 || last);
                if (StepCompleted is { } handler && (step == 0 || last || withImage || (step + 1) % Options.ProgressEvery == 0))
                {
                    var image = withImage ? TensorImageConversion.ToImage(synth) : null;
                    handler(this, new ProjectionStepEventArgs(step + 1, numSteps, total.ToDouble(), clock.Elapsed, image));
                }
            }

            using (torch.no_grad())
            {
                using var scope = torch.NewDisposeScope();
                var ws = wOpt.shape[1] == 1 ? wOpt.detach().expand(1, numWs, wDim) : wOpt.detach();
                var image = _g.synthesis.forward(ws, NoiseMode.Const).cpu().MoveToOuterDisposeScope();
                var wResult = ws.contiguous().cpu().clone().MoveToOuterDisposeScope();
                var maps = noises.Select(n => n.detach().cpu().clone().MoveToOuterDisposeScope()).ToArray();
                var losses = history.cpu().data<float>().Select(v => (double)v).ToArray();
                return new ProjectionResult(Options.Space, wResult, image, losses, maps, clock.Elapsed);
            }
        }
        finally
        {
            wOpt.Dispose();
            using var noGrad = torch.no_grad();
            for (var i = 0; i < noises.Length; i++)
            {
                noises[i].requires_grad_(false);
                noises[i].copy_(originals[i]);
                originals[i].Dispose();
            }
        }
    }

    /// <summary>
    /// The end of the best of <see cref="ProjectorOptions.Starts"/> short trial runs ([1, 1, w_dim], detached): from
    /// w_avg and from mapped random latents truncated towards it, w alone optimised for the trial's steps on the
    /// projection's learning-rate schedule, with the network's stored noise and no noise added to w.
    /// </summary>
    private Tensor BestStart(ProjectionLoss loss, Tensor wAvg, int numSteps)
    {
        var wDim = _g.Config.WDim;
        var numWs = _g.NumWs;
        var trialSteps = Math.Max(1, (int)Math.Round(Options.StartTrial * numSteps));
        Tensor candidates;
        using (torch.no_grad())
        {
            var generator = new torch.Generator((ulong)(Options.Seed + 1), _g.device);
            using var z = torch.randn([Options.Starts - 1, _g.Config.ZDim], dtype: ScalarType.Float32, device: _g.device, generator: generator);
            using var mapped = _g.mapping.forward(z, null, skip_w_avg_update: true).select(1, 0);
            using var truncated = wAvg + (mapped - wAvg) * Options.StartPsi;
            candidates = torch.cat([wAvg.reshape(1, wDim), truncated]);
        }
        using var _ = candidates;
        Tensor? best = null;
        var bestLoss = double.PositiveInfinity;
        for (var i = 0; i < Options.Starts; i++)
        {
            var w = candidates.narrow(0, i, 1).reshape(1, 1, wDim).clone().requires_grad_(true);
            using var adam = new LatentAdam([w]);
            var last = double.PositiveInfinity;
            for (var step = 0; step < trialSteps; step++)
            {
                using var scope = torch.NewDisposeScope();
                var total = loss.Compute(_g.synthesis.forward(w.expand(1, numWs, wDim), NoiseMode.Const));
                var grads = GanKit.Torch.Autograd.grad([total], [w]);
                adam.Step(grads, Options.LearningRateAt(step, numSteps), [1.0]);
                if (step == trialSteps - 1) last = total.ToDouble();
            }
            if (last < bestLoss)
            {
                best?.Dispose();
                best = w.detach().clone();
                bestLoss = last;
            }
            w.Dispose();
        }
        return best!;
    }

    /// <summary>One shared w [1, 1, w_dim] becomes a leaf [1, num_ws, w_dim] with a copy per layer (the old tensor is freed).</summary>
    private static Tensor Untie(Tensor shared, int numWs)
    {
        Tensor perLayer;
        using (torch.no_grad()) perLayer = shared.detach().repeat(1, numWs, 1);
        shared.Dispose();
        return perLayer.requires_grad_(true);
    }

    /// <summary>The synthesis layers that have noise inputs, lowest resolution first.</summary>
    internal static IEnumerable<SynthesisLayer> NoiseLayers(Generator G)
    {
        foreach (var block in G.synthesis.blocks)
        {
            if (block.conv0?.noise_const is not null) yield return block.conv0;
            if (block.conv1.noise_const is not null) yield return block.conv1;
        }
    }
}
