namespace PolyMM.Core.Engine;

/// <summary>What a replay did: why it stopped, the event-time span it covered, and how many ticks.</summary>
public readonly record struct ReplayResult(StopReason Reason, DateTimeOffset? Start, DateTimeOffset? End, long Ticks)
{
    public double RuntimeSec => Start is { } s && End is { } e ? (e - s).TotalSeconds : 0;
}
