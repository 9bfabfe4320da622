namespace PolyMM.Core.Engine;

/// <summary>
/// The run's state at the end of one tick (event time): cash, open positions marked to mid, their cost
/// basis, and committed exposure (cost basis + resting-bid notional). The equity and exposure curves.
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
}
