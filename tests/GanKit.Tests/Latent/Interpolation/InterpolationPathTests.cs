using GanKit.Latent;
using GanKit.Networks;

namespace GanKit.Tests.Latent.InterpolationVideos;

public sealed class InterpolationPathTests
{
    private static Tensor RandomWs(int k, int numWs = 5, int wDim = 16, long seed = 3)
    {
        var generator = new torch.Generator((ulong)seed);
        return torch.randn([k, numWs, wDim], generator: generator);
    }

    [Theory]
    [InlineData(Easing.None, false)]
    [InlineData(Easing.Smoothstep, false)]
    [InlineData(Easing.Cosine, true)]
    public void WPathPassesThroughEveryKeyframeExactly(Easing easing, bool loop)
    {
        using var keys = RandomWs(4);
        using var path = new InterpolationPath(keys, InterpolationSpace.W, 7, loop, easing);
        Assert.Equal(loop ? 4 * 7 : 3 * 7 + 1, path.FrameCount);
        using var frames = path.Latents(0, path.FrameCount);
        Assert.Equal(new long[] { path.FrameCount, 5, 16 }, frames.shape);
        for (var j = 0; j < 4; j++) Assert.True(frames[j * 7].Equals(keys[j]), $"frame {j * 7} is not keyframe {j}");
        if (!loop) Assert.True(frames[path.FrameCount - 1].Equals(keys[3]), "the open path does not end on its last keyframe");
    }

    [Fact]
    public void ZPathPassesThroughEveryKeyframeExactly()
    {
        var seeds = new uint[] { 85, 100, 75 };
        using var keys = SeedLatents.Z(seeds, 64);
        using var path = new InterpolationPath(keys, InterpolationSpace.Z, 5, loop: false, Easing.Smoothstep);
        using var frames = path.Latents(0, path.FrameCount);
        Assert.Equal(11, path.FrameCount);
        for (var j = 0; j < 3; j++) Assert.True(frames[j * 5].Equals(keys[j]), $"frame {j * 5} is not keyframe {j}");
    }

    [Theory]
    [InlineData(InterpolationSpace.W)]
    [InlineData(InterpolationSpace.Z)]
    public void LoopCloses(InterpolationSpace space)
    {
        // A loop through a, b, c is the open path a → b → c → a without its final frame, so repeating it never
        // repeats a frame: the frame after the last is the first.
        using var keys = space == InterpolationSpace.W ? RandomWs(3) : SeedLatents.Z([1, 2, 3], 32);
        using var closed = torch.cat([keys, keys.narrow(0, 0, 1)]);
        using var loop = new InterpolationPath(keys, space, 6, loop: true, Easing.Cosine);
        using var open = new InterpolationPath(closed, space, 6, loop: false, Easing.Cosine);
        Assert.Equal(18, loop.FrameCount);
        Assert.Equal(19, open.FrameCount);
        using var loopFrames = loop.Latents(0, 18);
        using var openFrames = open.Latents(0, 19);
        Assert.True(loopFrames.Equals(openFrames.narrow(0, 0, 18)));
        Assert.True(openFrames[18].Equals(keys[0]));
        Assert.Equal((2, 0, Easing.Cosine.Apply(5.0 / 6)), loop.Position(17));
    }

    [Fact]
    public void LoopStepsAreEvenAcrossTheSeam()
    {
        // Without easing, the W loop's last step (back into keyframe 0) is as long as the other steps of its transition.
        using var keys = RandomWs(3);
        using var path = new InterpolationPath(keys, InterpolationSpace.W, 10, loop: true);
        using var frames = path.Latents(0, path.FrameCount);
        var last = (frames[29] - keys[0]).norm().item<float>();
        var previous = (frames[29] - frames[28]).norm().item<float>();
        Assert.Equal(previous, last, 4);
    }

    [Fact]
    public void SlerpKeepsNorms()
    {
        // Equal-length endpoints keep their length all the way; unequal ones change length linearly in t, never dipping
        // towards the origin as a straight line between two Gaussian samples does.
        using var z = SeedLatents.Z([85, 100, 75, 4], 512).to(ScalarType.Float64);
        using var unit = z / z.norm(1, keepdim: true) * Math.Sqrt(512);
        using var path = new InterpolationPath(unit, InterpolationSpace.Z, 16, loop: true);
        using var norms = path.Latents(0, path.FrameCount).norm(1);
        Assert.True((norms - Math.Sqrt(512)).abs().max().item<double>() < 1e-9, $"norms {norms.min().item<double>()}..{norms.max().item<double>()}");

        using var raw = new InterpolationPath(z, InterpolationSpace.Z, 8, loop: false);
        using var frames = raw.Latents(0, raw.FrameCount);
        var keyNorms = z.norm(1).data<double>().ToArray();
        for (var f = 0; f < raw.FrameCount; f++)
        {
            var (from, to, t) = raw.Position(f);
            var expected = keyNorms[from] + t * (keyNorms[to] - keyNorms[from]);
            Assert.Equal(expected, frames[f].norm().item<double>(), 9);
            // On the great circle: the angle from the start grows linearly.
            var a = z[from];
            var b = z[to];
            double Angle(Tensor u, Tensor v) => Math.Acos(Math.Clamp((u.dot(v) / (u.norm() * v.norm())).item<double>(), -1, 1));
            Assert.Equal(t * Angle(a, b), Angle(a, frames[f]), 6);
        }
    }

    [Fact]
    public void SlerpPreservesTheKeyframesDtype()
    {
        using var z = SeedLatents.Z([1, 2], 8);
        using var path = new InterpolationPath(z, InterpolationSpace.Z, 4);
        using var frames = path.Latents(0, path.FrameCount);
        Assert.Equal(ScalarType.Float32, frames.dtype);
    }

    [Theory]
    [InlineData(Easing.None)]
    [InlineData(Easing.Smoothstep)]
    [InlineData(Easing.Cosine)]
    public void EasingIsMonotoneAndFixesTheEnds(Easing easing)
    {
        Assert.Equal(0.0, easing.Apply(0));
        Assert.Equal(1.0, easing.Apply(1));
        var previous = 0.0;
        for (var i = 1; i <= 1000; i++)
        {
            var value = easing.Apply(i / 1000.0);
            Assert.True(value >= previous, $"{easing} decreases at {i / 1000.0}: {previous} → {value}");
            Assert.InRange(value, 0, 1);
            previous = value;
        }
        if (easing != Easing.None)
        {
            // Eased transitions rest at the keyframes: the first step is much shorter than a constant-speed one.
            Assert.True(easing.Apply(0.01) < 0.001, $"{easing}(0.01) = {easing.Apply(0.01)}");
            Assert.True(1 - easing.Apply(0.99) < 0.001);
        }
        Assert.Equal(0.5, easing.Apply(0.5), 12);
    }

    [Fact]
    public void ParsingNamesTheFlag()
    {
        Assert.Equal(Easing.Smoothstep, Easings.Parse("smoothstep"));
        Assert.Equal(InterpolationSpace.Z, InterpolationSpaces.Parse("Z"));
        Assert.Contains("--easing 'bounce'", Assert.Throws<ArgumentException>(() => Easings.Parse("bounce")).Message);
        Assert.Contains("--space 'x'", Assert.Throws<ArgumentException>(() => InterpolationSpaces.Parse("x")).Message);
    }

    [Fact]
    public void BadPathsAreRefused()
    {
        using var one = RandomWs(1);
        Assert.Contains("at least 2", Assert.Throws<ArgumentException>(() => new InterpolationPath(one, InterpolationSpace.W, 5)).Message);
        using var two = RandomWs(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => new InterpolationPath(two, InterpolationSpace.W, 0));
        Assert.Contains("--layers: ws index 5 is outside 0..4",
            Assert.Throws<ArgumentException>(() => new InterpolationPath(two, InterpolationSpace.W, 5, layers: [0, 5])).Message);
        Assert.Contains("zs [K, z_dim]", Assert.Throws<ArgumentException>(() => new InterpolationPath(two, InterpolationSpace.Z, 5)).Message);
        using var path = new InterpolationPath(two, InterpolationSpace.W, 5);
        Assert.Throws<ArgumentOutOfRangeException>(() => path.Latents(4, 3));
        Assert.Contains("--seeds", Assert.Throws<ArgumentException>(() =>
            InterpolationPath.FromSeeds(InterpolationTestNetwork.G, [7], InterpolationSpace.W, 5)).Message);
    }

    [Theory]
    [InlineData(InterpolationSpace.W)]
    [InlineData(InterpolationSpace.Z)]
    public void LayerRangeMovesOnlyThoseWs(InterpolationSpace space)
    {
        var G = InterpolationTestNetwork.G;
        using var all = InterpolationPath.FromSeeds(G, [85, 100, 75], space, 4, loop: true);
        using var styled = InterpolationPath.FromSeeds(G, [85, 100, 75], space, 4, loop: true, layers: [0, 1, 2, 3]);
        using var wsAll = all.Ws(G, 0, all.FrameCount);
        using var ws = styled.Ws(G, 0, styled.FrameCount);
        // The fixed ws are the first keyframe's: in W the path's own keyframe, in Z seed 85's z mapped alone.
        using var first = space == InterpolationSpace.W ? styled.Keys().narrow(0, 0, 1) : G.SeedsToWs([85]);
        Assert.Equal(new long[] { 12, G.NumWs, G.mapping.WDim }, ws.shape);
        var fixedWs = ws.narrow(1, 4, G.NumWs - 4);
        Assert.True(fixedWs.Equals(first.narrow(1, 4, G.NumWs - 4).expand_as(fixedWs)), "ws outside --layers moved");
        Assert.True(ws.narrow(1, 0, 4).Equals(wsAll.narrow(1, 0, 4)), "ws inside --layers do not follow the path");
        Assert.False(ws.narrow(1, 0, 4)[6].Equals(first.narrow(1, 0, 4)[0]));
    }

    [Fact]
    public void ZPathMapsFramesLikeSeeds()
    {
        // In Z, keyframe frames map to the seeds' own ws (same mapping, same ψ).
        var G = InterpolationTestNetwork.G;
        using var path = InterpolationPath.FromSeeds(G, [85, 100, 75], InterpolationSpace.Z, 3, truncationPsi: 0.7);
        using var ws = path.Ws(G, 0, path.FrameCount);
        using var keys = G.SeedsToWs([85, 100, 75], 0.7);
        for (var j = 0; j < 3; j++) Assert.True(torch.allclose(ws[j * 3], keys[j], rtol: 1e-5, atol: 1e-6), $"keyframe {j}");
    }

    [Fact]
    public void RenderYieldsEveryFrameLazily()
    {
        var G = InterpolationTestNetwork.G;
        using var path = InterpolationPath.FromSeeds(G, [85, 100, 75], InterpolationSpace.W, 5, loop: false, Easing.Cosine);
        var frames = path.Render(G, batchSize: 4).ToList();
        Assert.Equal(11, frames.Count);
        Assert.All(frames, f => Assert.Equal((32, 32), (f.Width, f.Height)));
        Assert.NotEqual(frames[0].Pixels.ToArray(), frames[5].Pixels.ToArray());

        // Three million frames: only the first batch is ever synthesised when only two frames are taken.
        using var huge = InterpolationPath.FromSeeds(G, [85, 100, 75], InterpolationSpace.Z, 1_000_000, loop: true);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(2, huge.Render(G, batchSize: 2).Take(2).Count());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"taking 2 frames took {clock.Elapsed}");
    }
}

/// <summary>The shared small network (the NVIDIA snapshot fixture, 32²), loaded once for the interpolation tests.</summary>
internal static class InterpolationTestNetwork
{
    private static readonly Lazy<NetworkSet> Set = new(() => NetworkFile.Load(Fixtures.Path("network-snapshot.pkl")));

    public static string Path => Fixtures.Path("network-snapshot.pkl");

    public static Generator G => Set.Value.G_ema;
}
