using GanKit.Imaging;

namespace GanKit.Latent.Projection;

/// <summary>Progress of a projection: raised every <see cref="ProjectorOptions.ProgressEvery"/> steps and after the last.</summary>
public sealed class ProjectionStepEventArgs : EventArgs
{
    /// <summary>Creates the event data.</summary>
    public ProjectionStepEventArgs(int step, int numSteps, double loss, TimeSpan elapsed, RgbImage? image)
    {
        Step = step;
        NumSteps = numSteps;
        Loss = loss;
        Elapsed = elapsed;
        Image = image;
    }

    /// <summary>Steps done (1 … <see cref="NumSteps"/>).</summary>
    public int Step { get; }

    /// <summary>Steps in the whole projection.</summary>
    public int NumSteps { get; }

    /// <summary>The objective of the latest step (weighted distance plus noise penalty).</summary>
    public double Loss { get; }

    /// <summary>Time since the optimisation started.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Estimated time left, from the mean time per step so far.</summary>
    public TimeSpan Remaining => Step == 0 ? TimeSpan.Zero : Elapsed / Step * (NumSteps - Step);

    /// <summary>The image of this step (with the step's w noise), on steps that are multiples of <see cref="ProjectorOptions.ImageEvery"/> and the last; else null.</summary>
    public RgbImage? Image { get; }
}
