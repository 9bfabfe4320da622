namespace PolyMM.Core.Engine;

/// <summary>Why a run's loop ended (docs/design.md#engine-loop).</summary>
public enum StopReason : byte
{
    DataExhausted = 0,
    MaxRuntime = 1,
    MaxFills = 2,
    Cancelled = 3,

    /// <summary>An online market-channel run took its <c>--max-frames</c> frames off the channel.</summary>
    MaxFrames = 4,

    /// <summary>An online polled run did its <c>--max-polls</c> polls.</summary>
    MaxPolls = 5,
}
