namespace PolyMM.Core.Economics;

/// <summary>
/// One market's liquidity-reward sample at one minute of event time (docs/design.md#rewards): the Q_min of our resting
/// quotes and of the whole visible book (ours included), our share of it, and the USD that share earns of the market's
/// daily rate spread over the day's samples (daily rate / 1,440). <see cref="BookFullyVisible"/> is false on
/// top-of-book data, where only the touch of the competition is seen and the share is an upper bound.
/// </summary>
public readonly record struct RewardSample(
    int MarketIndex,
    DateTimeOffset Ts,
    decimal OurQMin,
    decimal TotalQMin,
    decimal Share,
    decimal RewardUsd,
    bool BookFullyVisible);
