namespace PolyMM.Core.Orders;

/// <summary>
/// A market's mark (its last valid mid) at one event time (docs/design.md#ledger): sampled at every fill of the market
/// and at least every second of event time in which the mark changed, so drawdown sees every mark.
/// </summary>
public readonly record struct MarkSample(int MarketIndex, DateTimeOffset Ts, decimal Mark);
