using GanKit.Networks;

namespace GanKit.Latent;

/// <summary>
/// A path through keyframe latents for an interpolation video: <see cref="FramesPerTransition"/> frames from each
/// keyframe to the next, straight lines in W or great circles in Z (<see cref="InterpolationSpace"/>), eased within
/// each transition, optionally closed into a loop and optionally moving only some ws (style interpolation: the
/// other ws stay at the first keyframe's). Frames are computed on demand, a range at a time, so a video of any
/// length needs memory for one batch only.
/// </summary>
/// <remarks>
/// Frame <c>j · FramesPerTransition</c> is keyframe j exactly. An open path ends on its last keyframe
/// (<c>(K − 1) · F + 1</c> frames); a loop has <c>K · F</c> frames and its last frame leads back into the first,
/// so a player repeating it shows no seam and no repeated frame.
/// </remarks>
public sealed class InterpolationPath : IDisposable
{
    private readonly Tensor _keys;
    private readonly bool[]? _moving;
    private Tensor? _baseWs;

    /// <summary>Creates a path through <paramref name="keys"/> (copied).</summary>
    /// <param name="keys">Keyframes: ws [K, num_ws, w_dim] for <see cref="InterpolationSpace.W"/>, zs [K, z_dim] for <see cref="InterpolationSpace.Z"/>; K ≥ 2.</param>
    /// <param name="space">The space the path runs through.</param>
    /// <param name="framesPerTransition">Frames from one keyframe up to (not including) the next; at least 1.</param>
    /// <param name="loop">Close the path: the last keyframe leads back to the first.</param>
    /// <param name="easing">Speed profile within each transition.</param>
    /// <param name="layers">ws indices that move along the path (null: all); the others keep the first keyframe's ws.</param>
    public InterpolationPath(Tensor keys, InterpolationSpace space, int framesPerTransition, bool loop = false, Easing easing = Easing.None,
        IReadOnlyCollection<int>? layers = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var expected = space == InterpolationSpace.W ? 3 : 2;
        if (keys.ndim != expected)
        {
            throw new ArgumentException(space == InterpolationSpace.W
                ? $"W keyframes must be ws [K, num_ws, w_dim], got [{string.Join(", ", keys.shape)}]"
                : $"Z keyframes must be zs [K, z_dim], got [{string.Join(", ", keys.shape)}]", nameof(keys));
        }
        if (keys.size(0) < 2)
            throw new ArgumentException($"--seeds: an interpolation needs at least 2 keyframes (seeds), got {keys.size(0)}", nameof(keys));
        if (!keys.is_floating_point()) throw new ArgumentException($"keyframes must be floating point, got {keys.dtype}", nameof(keys));
        if (framesPerTransition < 1)
            throw new ArgumentOutOfRangeException(nameof(framesPerTransition), framesPerTransition, "--frames-per-transition must be at least 1");
        if (!Enum.IsDefined(easing)) throw new ArgumentOutOfRangeException(nameof(easing), easing, "unknown easing");
        if (layers is not null)
        {
            if (layers.Count == 0) throw new ArgumentException("--layers: no ws given; leave --layers out to move all ws", nameof(layers));
            if (layers.Any(i => i < 0)) throw new ArgumentException($"--layers: ws indices must be 0 or more, got {layers.Min()}", nameof(layers));
            _moving = new bool[layers.Max() + 1];
            foreach (var i in layers) _moving[i] = true;
            if (space == InterpolationSpace.W) CheckLayers((int)keys.size(1));
        }
        using (torch.no_grad()) _keys = keys.detach().clone().DetachFromDisposeScope();
        Space = space;
        FramesPerTransition = framesPerTransition;
        Loop = loop;
        Easing = easing;
        Layers = layers?.Distinct().Order().ToArray();
    }

    /// <summary>
    /// A path through the ws (W) or zs (Z) of <paramref name="seeds"/> by the seed contract, on <paramref name="G"/>'s device.
    /// In Z, each frame's z is mapped with the same ψ, cutoff and class as the keyframes.
    /// </summary>
    public static InterpolationPath FromSeeds(Generator G, IReadOnlyList<uint> seeds, InterpolationSpace space, int framesPerTransition,
        bool loop = false, Easing easing = Easing.None, double truncationPsi = 1, int? truncationCutoff = null, int? classIndex = null,
        IReadOnlyCollection<int>? layers = null)
    {
        ArgumentNullException.ThrowIfNull(G);
        ArgumentNullException.ThrowIfNull(seeds);
        if (seeds.Count < 2) throw new ArgumentException($"--seeds: an interpolation needs at least 2 seeds, got {seeds.Count}", nameof(seeds));
        SeedLatents.Labels(G.mapping.CDim, classIndex, 1)?.Dispose(); // a bad --class fails before any work
        using var scope = torch.NewDisposeScope();
        var keys = space == InterpolationSpace.W
            ? G.SeedsToWs(seeds, truncationPsi, truncationCutoff, classIndex)
            : SeedLatents.Z(seeds, G.mapping.ZDim, G.device);
        return new InterpolationPath(keys, space, framesPerTransition, loop, easing, layers)
        {
            TruncationPsi = truncationPsi,
            TruncationCutoff = truncationCutoff,
            ClassIndex = classIndex,
        };
    }

    /// <summary>The space the path runs through.</summary>
    public InterpolationSpace Space { get; }

    /// <summary>Number of keyframes K.</summary>
    public int KeyCount => (int)_keys.size(0);

    /// <summary>Frames from one keyframe up to the next.</summary>
    public int FramesPerTransition { get; }

    /// <summary>Whether the path returns from the last keyframe to the first.</summary>
    public bool Loop { get; }

    /// <summary>Speed profile within each transition.</summary>
    public Easing Easing { get; }

    /// <summary>ws indices that move (sorted), or null when all do.</summary>
    public IReadOnlyList<int>? Layers { get; }

    /// <summary>Truncation ψ used to map Z frames to ws (the W keyframes were truncated when made).</summary>
    public double TruncationPsi { get; init; } = 1;

    /// <summary>Truncate only the first N ws when mapping Z frames; null: all.</summary>
    public int? TruncationCutoff { get; init; }

    /// <summary>Class label for mapping Z frames of a conditional network.</summary>
    public int? ClassIndex { get; init; }

    /// <summary>Number of frames: <c>K · F</c> for a loop, <c>(K − 1) · F + 1</c> for an open path.</summary>
    public int FrameCount => checked(Loop ? KeyCount * FramesPerTransition : (KeyCount - 1) * FramesPerTransition + 1);

    /// <summary>The keyframes (a copy), in the path's space.</summary>
    public Tensor Keys() => _keys.clone();

    /// <summary>Where frame <paramref name="frame"/> lies: the keyframes it is between and the eased fraction from one to the other.</summary>
    public (int From, int To, double T) Position(int frame)
    {
        if (frame < 0 || frame >= FrameCount)
            throw new ArgumentOutOfRangeException(nameof(frame), frame, $"frame must be in 0..{FrameCount - 1}");
        var k = KeyCount;
        var transition = frame / FramesPerTransition;
        var step = frame % FramesPerTransition;
        if (!Loop && transition == k - 1) return (k - 2, k - 1, 1); // the open path's final frame
        return (transition, (transition + 1) % k, Easing.Apply((double)step / FramesPerTransition));
    }

    /// <summary>
    /// The latents of frames <paramref name="start"/> … <paramref name="start"/> + <paramref name="count"/> − 1 in the
    /// path's space: ws [count, num_ws, w_dim] (lerp) or zs [count, z_dim] (slerp), on the keyframes' device and dtype.
    /// A frame at a keyframe is that keyframe bit for bit.
    /// </summary>
    public Tensor Latents(int start, int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "count must be at least 1");
        if (start < 0 || start > FrameCount - count)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"frames {start}..{start + count - 1} are not all in 0..{FrameCount - 1}");
        var positions = Enumerable.Range(start, count).Select(Position).ToArray();
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var device = _keys.device;
        var from = torch.tensor(positions.Select(p => (long)p.From).ToArray(), device: device);
        var to = torch.tensor(positions.Select(p => (long)p.To).ToArray(), device: device);
        var a = _keys.index_select(0, from);
        var b = _keys.index_select(0, to);
        var shape = new long[_keys.ndim];
        Array.Fill(shape, 1L);
        shape[0] = count;
        var t = torch.tensor(positions.Select(p => p.T).ToArray(), ScalarType.Float64, device).reshape(shape);
        var result = Space == InterpolationSpace.W
            ? torch.lerp(a, b, t.to(a.dtype)) // exact at 0 and 1: lerp computes a + t·(b − a) below ½ and b − (1 − t)·(b − a) above
            : SlerpRows(a, b, t);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// ws [count, num_ws, w_dim] for frames <paramref name="start"/> … on <paramref name="G"/>'s device: the W path itself,
    /// or the Z path mapped with <see cref="TruncationPsi"/>, <see cref="TruncationCutoff"/> and <see cref="ClassIndex"/>;
    /// with <see cref="Layers"/>, the ws outside them are the first keyframe's.
    /// </summary>
    public Tensor Ws(Generator G, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(G);
        if (_moving is not null) CheckLayers(G.NumWs);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var ws = MapToWs(G, Latents(start, count).to(G.device));
        if (_moving is not null)
        {
            _baseWs ??= MapToWs(G, _keys.narrow(0, 0, 1).to(G.device)).DetachFromDisposeScope();
            var mask = torch.tensor(Enumerable.Range(0, G.NumWs).Select(i => i < _moving.Length && _moving[i]).ToArray(), device: G.device);
            ws = torch.where(mask.reshape(1, -1, 1), ws, _baseWs.to(G.device));
        }
        return ws.MoveToOuterDisposeScope();
    }

    /// <summary>Releases the keyframes.</summary>
    public void Dispose()
    {
        _keys.Dispose();
        _baseWs?.Dispose();
    }

    /// <summary>A one-line description.</summary>
    public override string ToString() =>
        $"{(Loop ? "loop" : "path")} through {KeyCount} keyframes in {Space}, {FramesPerTransition} frames per transition " +
        $"({FrameCount} frames), easing {Easing.ToString().ToLowerInvariant()}" +
        (Layers is null ? "" : $", ws {string.Join(",", Layers)} moving");

    private Tensor MapToWs(Generator G, Tensor latents)
    {
        if (Space == InterpolationSpace.W)
        {
            if (latents.size(1) != G.NumWs || latents.size(2) != G.mapping.WDim)
                throw new ArgumentException($"the path's ws are [{latents.size(1)}, {latents.size(2)}] per frame, the network's " +
                                            $"[{G.NumWs}, {G.mapping.WDim}] (num_ws, w_dim)");
            return latents.alias();
        }
        if (latents.size(1) != G.mapping.ZDim)
            throw new ArgumentException($"the path's zs have z_dim {latents.size(1)}, the network's is {G.mapping.ZDim}");
        var c = SeedLatents.Labels(G.mapping.CDim, ClassIndex, (int)latents.size(0), G.device);
        return G.mapping.forward(latents.to(ScalarType.Float32), c, TruncationPsi, TruncationCutoff);
    }

    private void CheckLayers(int numWs)
    {
        if (_moving!.Length > numWs) throw new ArgumentException($"--layers: ws index {_moving.Length - 1} is outside 0..{numWs - 1}");
    }

    /// <summary>
    /// Slerp of rows a → b ([N, D]) at per-row fractions t ([N, 1]): the direction moves along the great circle at constant
    /// angular speed and the length changes linearly between the endpoints' lengths, so equal-length endpoints keep their
    /// length all the way (the usual slerp formula on unequal lengths does not). Computed in float64; rows at t = 0 or 1
    /// are the endpoints exactly.
    /// </summary>
    private static Tensor SlerpRows(Tensor a, Tensor b, Tensor t)
    {
        var a64 = a.to(ScalarType.Float64);
        var b64 = b.to(ScalarType.Float64);
        var la = a64.norm(1, keepdim: true);
        var lb = b64.norm(1, keepdim: true);
        var ua = a64 / la;
        var ub = b64 / lb;
        var omega = (ua * ub).sum(1, keepdim: true).clamp(-1, 1).acos();
        var sin = omega.sin();
        // Nearly parallel rows: the great circle degenerates to the chord, so blend linearly and renormalise.
        var nearlyParallel = sin < 1e-9;
        var safeSin = torch.where(nearlyParallel, torch.ones_like(sin), sin);
        var arc = ua * (((1 - t) * omega).sin() / safeSin) + ub * ((t * omega).sin() / safeSin);
        var chord = torch.lerp(ua, ub, t.expand_as(ua).contiguous());
        chord /= chord.norm(1, keepdim: true);
        var direction = torch.where(nearlyParallel, chord, arc);
        var length = torch.lerp(la, lb, t);
        var result = (direction * length).to(a.dtype);
        result = torch.where(t.eq(0), a, result);
        return torch.where(t.eq(1), b, result);
    }
}
