namespace GanKit.Training.Augment;

/// <summary>
/// Which augmentations a pipeline uses and how strongly (Karras et al. 2020, "Training generative adversarial networks
/// with limited data", appendix B). Each multiplier scales the pipeline's probability p for its transform (0 turns the
/// transform off); the remaining values are the distributions' spreads, in the paper's units (fractions of the image
/// size for translations, log₂ units for scalings, multiples of π for rotations).
/// </summary>
public sealed record AugmentSettings
{
    /// <summary>x-flip (pixel blitting): the flip bit i ~ U{0, 1}.</summary>
    public double XFlip { get; init; }

    /// <summary>90° rotations (pixel blitting): k ~ U{0, 1, 2, 3} quarter turns.</summary>
    public double Rotate90 { get; init; }

    /// <summary>Integer translation (pixel blitting): t ~ U(−<see cref="XIntMax"/>, <see cref="XIntMax"/>)², rounded to pixels.</summary>
    public double XInt { get; init; }

    /// <summary>Isotropic scaling: s ~ lognormal(0, (<see cref="ScaleStd"/>·ln 2)²).</summary>
    public double Scale { get; init; }

    /// <summary>Pre- and post-rotation: θ ~ U(−<see cref="RotateMax"/>·π, <see cref="RotateMax"/>·π), each with probability 1 − √(1 − p) so that at least one happens with probability p.</summary>
    public double Rotate { get; init; }

    /// <summary>Anisotropic scaling: x by s and y by 1/s, s ~ lognormal(0, (<see cref="AnisoStd"/>·ln 2)²).</summary>
    public double Aniso { get; init; }

    /// <summary>Fractional translation: t ~ N(0, <see cref="XFracStd"/>²)² of the image size.</summary>
    public double XFrac { get; init; }

    /// <summary>Brightness: add b ~ N(0, <see cref="BrightnessStd"/>²).</summary>
    public double Brightness { get; init; }

    /// <summary>Contrast: multiply by c ~ lognormal(0, (<see cref="ContrastStd"/>·ln 2)²).</summary>
    public double Contrast { get; init; }

    /// <summary>Luma flip: reflect the colour along the luma axis (1, 1, 1)/√3 with i ~ U{0, 1}.</summary>
    public double LumaFlip { get; init; }

    /// <summary>Hue rotation about the luma axis by θ ~ U(−<see cref="HueMax"/>·π, <see cref="HueMax"/>·π).</summary>
    public double Hue { get; init; }

    /// <summary>Saturation: scale the chroma (the part orthogonal to the luma axis) by s ~ lognormal(0, (<see cref="SaturationStd"/>·ln 2)²).</summary>
    public double Saturation { get; init; }

    /// <summary>Image-space filtering: amplify four frequency bands by g ~ lognormal(0, (<see cref="ImageFilterStd"/>·ln 2)²) each, energy kept.</summary>
    public double ImageFilter { get; init; }

    /// <summary>Additive Gaussian noise with σ ~ |N(0, <see cref="NoiseStd"/>²)|.</summary>
    public double Noise { get; init; }

    /// <summary>Cutout: zero a square of side <see cref="CutoutSize"/> (of the image) at a uniform centre.</summary>
    public double Cutout { get; init; }

    /// <summary>Largest integer translation, as a fraction of the image size.</summary>
    public double XIntMax { get; init; } = 0.125;

    /// <summary>Spread of isotropic scaling in log₂ units.</summary>
    public double ScaleStd { get; init; } = 0.2;

    /// <summary>Largest rotation, in multiples of π.</summary>
    public double RotateMax { get; init; } = 1;

    /// <summary>Spread of anisotropic scaling in log₂ units.</summary>
    public double AnisoStd { get; init; } = 0.2;

    /// <summary>Spread of fractional translation, as a fraction of the image size.</summary>
    public double XFracStd { get; init; } = 0.125;

    /// <summary>Spread of the brightness offset (images in [−1, 1]).</summary>
    public double BrightnessStd { get; init; } = 0.2;

    /// <summary>Spread of contrast in log₂ units.</summary>
    public double ContrastStd { get; init; } = 0.5;

    /// <summary>Largest hue rotation, in multiples of π.</summary>
    public double HueMax { get; init; } = 1;

    /// <summary>Spread of saturation in log₂ units.</summary>
    public double SaturationStd { get; init; } = 1;

    /// <summary>Per-band multipliers of image-space filtering, lowest band first (four bands).</summary>
    public IReadOnlyList<double> ImageFilterBands { get; init; } = [1, 1, 1, 1];

    /// <summary>Spread of the band amplifications in log₂ units.</summary>
    public double ImageFilterStd { get; init; } = 1;

    /// <summary>Spread of the additive noise's σ.</summary>
    public double NoiseStd { get; init; } = 0.1;

    /// <summary>Side of the cutout square, as a fraction of the image size.</summary>
    public double CutoutSize { get; init; } = 0.5;

    /// <summary>True when any pixel-blitting transform is on.</summary>
    public bool HasBlit => XFlip > 0 || Rotate90 > 0 || XInt > 0;

    /// <summary>True when any general geometric transform is on (these resample the image).</summary>
    public bool HasGeometry => Scale > 0 || Rotate > 0 || Aniso > 0 || XFrac > 0;

    /// <summary>True when any colour transform is on.</summary>
    public bool HasColor => Brightness > 0 || Contrast > 0 || LumaFlip > 0 || Hue > 0 || Saturation > 0;

    /// <summary>Checks that every multiplier and spread is a finite number ≥ 0 and that there are four filter bands.</summary>
    public void Validate()
    {
        var values = new (string Name, double Value)[]
        {
            (nameof(XFlip), XFlip), (nameof(Rotate90), Rotate90), (nameof(XInt), XInt), (nameof(Scale), Scale), (nameof(Rotate), Rotate),
            (nameof(Aniso), Aniso), (nameof(XFrac), XFrac), (nameof(Brightness), Brightness), (nameof(Contrast), Contrast),
            (nameof(LumaFlip), LumaFlip), (nameof(Hue), Hue), (nameof(Saturation), Saturation), (nameof(ImageFilter), ImageFilter),
            (nameof(Noise), Noise), (nameof(Cutout), Cutout), (nameof(XIntMax), XIntMax), (nameof(ScaleStd), ScaleStd),
            (nameof(RotateMax), RotateMax), (nameof(AnisoStd), AnisoStd), (nameof(XFracStd), XFracStd), (nameof(BrightnessStd), BrightnessStd),
            (nameof(ContrastStd), ContrastStd), (nameof(HueMax), HueMax), (nameof(SaturationStd), SaturationStd),
            (nameof(ImageFilterStd), ImageFilterStd), (nameof(NoiseStd), NoiseStd), (nameof(CutoutSize), CutoutSize),
        };
        foreach (var (name, value) in values)
            if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentException($"augment settings: {name} must be a finite number ≥ 0, got {value}");
        if (ImageFilterBands.Count != ImageSpaceFilter.BandCount || ImageFilterBands.Any(b => !(b >= 0) || double.IsInfinity(b)))
            throw new ArgumentException($"augment settings: {nameof(ImageFilterBands)} must be {ImageSpaceFilter.BandCount} finite numbers ≥ 0");
    }
}
