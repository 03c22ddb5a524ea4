namespace GanKit.Latent.Projection;

/// <summary>Which latent the projector optimises.</summary>
public enum ProjectionSpace
{
    /// <summary>One w, broadcast to every synthesis layer (as the StyleGAN2 paper projects): edits stay meaningful.</summary>
    W,

    /// <summary>One w per synthesis layer (W+): closer reconstructions, weaker edits.</summary>
    WPlus,
}
