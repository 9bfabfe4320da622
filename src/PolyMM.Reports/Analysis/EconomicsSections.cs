namespace PolyMM.Reports.Analysis;

/// <summary>
/// The run's liquidity-reward estimate (docs/data-dictionary.md#report-json, docs/design.md#rewards):
/// <see cref="RewardSource"/> is <c>unknown</c> (no market had usable terms), <c>estimated_q_score</c> (every sampled
/// market saw its whole book) or <c>estimated_q_score_l1</c> (some saw only the touch: a partial, upper-bound share).
/// </summary>
public sealed record RewardsSection(string RewardSource, IReadOnlyList<MarketReward> ByMarket);

/// <summary>
/// One sampled market's reward estimate and its net P&amp;L with and without it: realized + unrealized − fees + rebates
/// (+ the reward).
/// </summary>
public sealed record MarketReward(
    string MarketId,
    decimal RewardUsd,
    long Samples,
    decimal? MeanShare,
    bool BookFullyVisible,
    decimal NetPnlUsd,
    decimal NetWithoutRewardsUsd);

/// <summary>
/// The fees of the run's fills (docs/design.md#fees): <see cref="FeeMode"/> as stored in the run's params
/// (<c>schedule</c> or <c>flat_bps</c>), what taker and maker fills paid, and the maker rebates accrued outside cash.
/// </summary>
public sealed record FeesSection(string FeeMode, decimal TakerFeesUsd, decimal MakerFeesUsd, decimal RebatesUsd);
