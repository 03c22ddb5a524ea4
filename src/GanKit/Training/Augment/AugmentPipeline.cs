namespace GanKit.Training.Augment;

/// <summary>
/// The adaptive discriminator augmentation pipeline of StyleGAN2-ADA (Karras et al. 2020, appendix B): every image D
/// sees, real or fake, passes through it, and each transform is applied to each image independently with probability
/// p × its multiplier, in the order pixel blitting (x-flip, quarter turns, integer translation), general geometric
/// (isotropic scaling, pre-rotation, anisotropic scaling, post-rotation, fractional translation), colour (brightness,
/// contrast, luma flip, hue, saturation), image-space filtering, noise and cutout. Because D only ever sees augmented
/// images and the augmentations are "non-leaking" for p below about 0.8, G still learns the clean distribution.
/// Every transform is differentiable, so G's gradients flow through the augmented fakes.
/// <para>
/// p = 0 returns the images untouched and draws nothing. Draws come from <see cref="Generator"/> on the CPU (torch's
/// default generator when null, which a training snapshot saves), whatever device the images are on.
/// </para>
/// </summary>
public sealed class AugmentPipeline
{
    private double _p;

    /// <summary>A pipeline with <paramref name="settings"/> at probability <paramref name="p"/>.</summary>
    public AugmentPipeline(AugmentSettings settings, double p = 0, torch.Generator? generator = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        Settings = settings;
        P = p;
        Generator = generator;
        Name = name;
    }

    /// <summary>The named pipeline <paramref name="name"/> (<see cref="AugmentPipes.Names"/>) at probability <paramref name="p"/>.</summary>
    public static AugmentPipeline Named(string name, double p = 0, torch.Generator? generator = null) =>
        new(AugmentPipes.Get(name), p, generator, name);

    /// <summary>The transforms and their spreads.</summary>
    public AugmentSettings Settings { get; }

    /// <summary>The pipeline's name, when made from one.</summary>
    public string? Name { get; }

    /// <summary>Where the draws come from (null: torch's default CPU generator).</summary>
    public torch.Generator? Generator { get; }

    /// <summary>The augmentation probability in [0, 1]; adaptive augmentation moves it during training.</summary>
    public double P
    {
        get => _p;
        set
        {
            if (!(value >= 0 && value <= 1)) throw new ArgumentOutOfRangeException(nameof(P), value, "augment: p must be a number in [0, 1]");
            _p = value;
        }
    }

    /// <summary>Augments images [N, C, R, R] in [−1, 1] with fresh draws (unchanged, with no draws, at p = 0).</summary>
    public Tensor Augment(Tensor images)
    {
        if (P == 0) return images;
        using var parameters = Draw(images.size(0), checked((int)images.size(3)));
        return Apply(images, parameters);
    }

    /// <summary>Draws the transforms of <paramref name="count"/> images of <paramref name="resolution"/>² pixels at the current p.</summary>
    public AugmentParameters Draw(long count, int resolution)
    {
        var s = Settings;
        var n = count;
        Tensor Uniform(params long[] shape) => torch.rand(shape.Length == 0 ? [n] : shape, ScalarType.Float32, generator: Generator);
        Tensor Normal(params long[] shape) => torch.randn(shape.Length == 0 ? [n] : shape, ScalarType.Float32, generator: Generator);
        // Every value is drawn whether or not it is used, so the random stream does not depend on the outcomes.
        Tensor Chosen(double probability) => Uniform().lt(probability);
        Tensor Choose(double probability, Tensor value, double otherwise) => torch.where(Chosen(probability), value, torch.full_like(value, otherwise));

        Tensor? flip = null, turns = null, shift = null, geometry = null, color = null, gains = null, sigma = null;
        (Tensor, Tensor)? cutout = null;
        if (s.HasBlit)
        {
            flip = s.XFlip > 0 ? Choose(P * s.XFlip, Uniform().mul(2).floor(), 0) : torch.zeros(n);
            turns = (s.Rotate90 > 0 ? Choose(P * s.Rotate90, Uniform().mul(4).floor(), 0) : torch.zeros(n)).to(ScalarType.Int64);
            if (s.XInt > 0)
            {
                var t = Uniform(n, 2).mul(2).sub(1).mul(s.XIntMax);
                var chosen = Chosen(P * s.XInt).unsqueeze(1);
                shift = torch.where(chosen, t, torch.zeros_like(t)).mul(resolution).round().to(ScalarType.Int64);
            }
            else shift = torch.zeros(n, 2, ScalarType.Int64);
        }
        if (s.HasGeometry)
        {
            var g = BatchMatrices.Identity(n, 3);
            // Each transform T is composed as its inverse on the right: the output samples the input at T⁻¹·p.
            if (s.Scale > 0)
            {
                var scale = Choose(P * s.Scale, Normal().mul(s.ScaleStd).exp2(), 1);
                g = g.matmul(BatchMatrices.Scale2d(1 / scale, 1 / scale));
            }
            // Two rotations, each with 1 − √(1 − p), rotate with probability p overall.
            var rotationP = 1 - Math.Sqrt(Math.Clamp(1 - P * s.Rotate, 0, 1));
            if (s.Rotate > 0)
                g = g.matmul(BatchMatrices.Rotate2d(-Choose(rotationP, Uniform().mul(2).sub(1).mul(Math.PI * s.RotateMax), 0)));
            if (s.Aniso > 0)
            {
                var aniso = Choose(P * s.Aniso, Normal().mul(s.AnisoStd).exp2(), 1);
                g = g.matmul(BatchMatrices.Scale2d(1 / aniso, aniso));
            }
            if (s.Rotate > 0)
                g = g.matmul(BatchMatrices.Rotate2d(-Choose(rotationP, Uniform().mul(2).sub(1).mul(Math.PI * s.RotateMax), 0)));
            if (s.XFrac > 0)
            {
                var t = Normal(n, 2).mul(s.XFracStd * resolution);
                t = torch.where(Chosen(P * s.XFrac).unsqueeze(1), t, torch.zeros_like(t));
                g = g.matmul(BatchMatrices.Translate2d(-t.select(1, 0), -t.select(1, 1)));
            }
            geometry = g;
        }
        if (s.HasColor)
        {
            var c = BatchMatrices.Identity(n, 4);
            // Colour transforms act on the left: each applies to the result of the previous ones.
            if (s.Brightness > 0) c = BatchMatrices.Translate3d(Choose(P * s.Brightness, Normal().mul(s.BrightnessStd), 0)).matmul(c);
            if (s.Contrast > 0) c = BatchMatrices.Scale3d(Choose(P * s.Contrast, Normal().mul(s.ContrastStd).exp2(), 1)).matmul(c);
            var luma = BatchMatrices.Outer3d(ColorTransform.LumaAxis, n);
            var identity = BatchMatrices.Identity(n, 4);
            if (s.LumaFlip > 0)
            {
                var i = Choose(P * s.LumaFlip, Uniform().mul(2).floor(), 0).reshape(n, 1, 1);
                c = (identity - 2 * luma * i).matmul(c);
            }
            if (s.Hue > 0) c = BatchMatrices.Rotate3d(ColorTransform.LumaAxis, Choose(P * s.Hue, Uniform().mul(2).sub(1).mul(Math.PI * s.HueMax), 0)).matmul(c);
            if (s.Saturation > 0)
            {
                var saturation = Choose(P * s.Saturation, Normal().mul(s.SaturationStd).exp2(), 1).reshape(n, 1, 1);
                c = (luma + (identity - luma) * saturation).matmul(c);
            }
            color = c;
        }
        if (s.ImageFilter > 0)
        {
            var bandGains = new List<Tensor>();
            for (var b = 0; b < ImageSpaceFilter.BandCount; b++)
                bandGains.Add(Choose(P * s.ImageFilter * s.ImageFilterBands[b], Normal().mul(s.ImageFilterStd).exp2(), 1));
            var stacked = torch.stack(bandGains, dim: 1);
            var energy = torch.tensor(ImageSpaceFilter.ExpectedEnergy.Select(e => (float)e).ToArray());
            gains = stacked / stacked.square().mul(energy).sum(1, keepdim: true).sqrt();
        }
        if (s.Noise > 0) sigma = Choose(P * s.Noise, Normal().mul(s.NoiseStd).abs(), 0);
        if (s.Cutout > 0)
        {
            var applied = Chosen(P * s.Cutout).to(ScalarType.Float32);
            cutout = (Uniform(n, 2), applied);
        }
        return new AugmentParameters
        {
            Count = n, Flip = flip, QuarterTurns = turns, Shift = shift, InverseGeometry = geometry, Color = color, BandGains = gains,
            NoiseSigma = sigma, Cutout = cutout,
        };
    }

    /// <summary>Applies drawn <paramref name="parameters"/> to images [N, C, R, R] (differentiable with respect to the images).</summary>
    public Tensor Apply(Tensor images, AugmentParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (images.dim() != 4 || images.size(2) != images.size(3))
            throw new ArgumentException($"augment: images must be [N, C, R, R], got [{string.Join(", ", images.shape)}]", nameof(images));
        if (images.size(0) != parameters.Count)
            throw new ArgumentException($"augment: {images.size(0)} images for a draw of {parameters.Count}", nameof(images));
        using var scope = torch.NewDisposeScope();
        var x = images;
        if (parameters.Flip is { } flip) x = PixelBlit.FlipX(x, flip);
        if (parameters.QuarterTurns is { } turns) x = PixelBlit.Rotate90(x, turns);
        if (parameters.Shift is { } shift) x = PixelBlit.Translate(x, shift);
        if (parameters.InverseGeometry is { } geometry && !IsIdentity(geometry)) x = GeometricWarp.Warp(x, geometry);
        if (parameters.Color is { } color && !IsIdentity(color)) x = ColorTransform.Apply(x, color);
        if (parameters.BandGains is { } gains && !gains.eq(1).all().ToBoolean()) x = ImageSpaceFilter.Apply(x, gains);
        if (parameters.NoiseSigma is { } sigma && sigma.gt(0).any().ToBoolean()) x = Corruptions.AddNoise(x, sigma, Generator);
        if (parameters.Cutout is { } cut) x = Corruptions.Cutout(x, cut.Center, cut.Applied, Settings.CutoutSize);
        return x.MoveToOuterDisposeScope();
    }

    // A batch whose draws all came out as the identity skips the resampling (and its slight filtering) entirely.
    private static bool IsIdentity(Tensor matrices) =>
        matrices.sub(torch.eye(matrices.size(1)).unsqueeze(0)).abs().max().ToDouble() == 0;

    /// <inheritdoc/>
    public override string ToString() => $"AugmentPipeline {Name ?? "custom"} p={P:0.###}";
}
