namespace GanKit.Training;

/// <summary>
/// The phases of one StyleGAN2 training iteration. With lazy regularisation (StyleGAN2, §3.1) the
/// regularisers run as their own phases every few minibatches (path length every 4, R1 every 16), scaled
/// by that interval as their gain; without it the <c>both</c> phases apply loss and regulariser together.
/// </summary>
public enum LossPhase
{
    /// <summary>G's main loss: softplus(−D(G(z))).</summary>
    Gmain,
    /// <summary>G's path-length regularisation.</summary>
    Greg,
    /// <summary>G's main loss and path-length regularisation in one phase (no lazy regularisation).</summary>
    Gboth,
    /// <summary>D's main loss: softplus(D(G(z))) + softplus(−D(x)).</summary>
    Dmain,
    /// <summary>D's R1 regularisation on reals.</summary>
    Dreg,
    /// <summary>D's main loss and R1 in one phase (no lazy regularisation).</summary>
    Dboth,
}

/// <summary>What each <see cref="LossPhase"/> involves.</summary>
public static class LossPhases
{
    /// <summary>True for the phases that train the generator.</summary>
    public static bool TrainsGenerator(this LossPhase phase) => phase is LossPhase.Gmain or LossPhase.Greg or LossPhase.Gboth;

    /// <summary>True when the phase applies the adversarial loss.</summary>
    public static bool HasMainLoss(this LossPhase phase) => phase is LossPhase.Gmain or LossPhase.Gboth or LossPhase.Dmain or LossPhase.Dboth;

    /// <summary>True when the phase applies the regulariser (path length for G, R1 for D).</summary>
    public static bool HasRegularization(this LossPhase phase) => phase is LossPhase.Greg or LossPhase.Gboth or LossPhase.Dreg or LossPhase.Dboth;
}
