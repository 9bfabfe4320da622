namespace PolyMM.Core.Quoting;

/// <summary>
/// What the quoter needs to know about our own position in one market at one instant.
/// <paramref name="TotalCommittedExcludingOwnBid"/> is the committed exposure of the whole run
/// (open-lot cost basis + resting-bid notional of every market) minus this market's own resting bid.
/// <paramref name="AvailableCash"/> is cash minus what the other resting bids would spend if they filled
/// (notional and fee); <paramref name="FeeSchedule"/> (when the market's schedule prices its fills) or else
/// <paramref name="FeeBps"/> prices this bid's own fee, as the fill would pay it (docs/design.md#fees).
/// <paramref name="MinOrderSize"/> is the venue's minimum order size of the market in shares: a side smaller than it is
/// not quoted (docs/design.md#quoting); 0 means unknown, so no minimum. The defaults leave cash unbounded and set no
/// minimum.
/// </summary>
public readonly record struct QuoteContext(
    decimal SharesHeld,
    decimal MarketOpenCost,
    decimal TotalCommittedExcludingOwnBid,
    DateTimeOffset? OldestLotOpenedAt,
    DateTimeOffset Now,
    decimal AvailableCash = decimal.MaxValue,
    decimal FeeBps = 0m,
    Instruments.FeeSchedule? FeeSchedule = null,
    decimal MinOrderSize = 0m);
