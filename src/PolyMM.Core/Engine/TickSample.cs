namespace PolyMM.Core.Engine;

/// <summary>
/// The run's state at the end of one tick (event time): cash, open positions marked to mid, their cost
/// basis, and committed exposure (cost basis + resting-bid notional). The equity and exposure curves. The engine also
/// takes one after every fill (<see cref="AtFill"/>), so the curves see every fill.
/// </summary>
public readonly record struct TickSample(
    long Tick,
    DateTimeOffset Ts,
    decimal Cash,
    decimal OpenValue,
    decimal OpenCost,
    decimal Committed)
{
    public decimal Equity => Cash + OpenValue;

    /// <summary>True for the sample taken right after a fill (within tick <see cref="Tick"/>); false for the tick's closing sample.</summary>
    public bool AtFill { get; init; }
}
