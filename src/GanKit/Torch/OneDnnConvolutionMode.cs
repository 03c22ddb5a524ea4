namespace GanKit.Torch;

/// <summary>How GanKit runs float32 CPU convolutions, chosen at start-up by checking oneDNN on this CPU.</summary>
public enum OneDnnConvolutionMode
{
    /// <summary>oneDNN agreed with float64 (or the check was skipped with <c>GANKIT_ONEDNN=on</c>): convolutions run as they are.</summary>
    Right,

    /// <summary>oneDNN was wrong for some channel counts and right once they were padded: dense convolutions pad their channels.</summary>
    ChannelsPadded,

    /// <summary>oneDNN was wrong even with padded channels (or <c>GANKIT_ONEDNN=off</c>): it is turned off for the process.</summary>
    Off,
}
