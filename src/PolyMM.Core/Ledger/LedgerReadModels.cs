using PolyMM.Core.Quoting;

namespace PolyMM.Core.Ledger;

/// <summary>
/// An order and one of its fills as read back (docs/data-dictionary.md#orders, #fills). Market data is REAL in the
/// ledger and kept as double here; amounts the reports add up are decimal. <see cref="FillId"/> is null for an order
/// without fills (then every <c>Fill*</c> member is null). <see cref="Rebate"/> is the fill's maker rebate
/// (docs/design.md#fees; 0 on ledgers before schema v3), <see cref="FillIsMaker"/> whether the fill was passive.
/// </summary>
public readonly record struct OrderFillRow(
    long Seq,
    int MarketIndex,
    Side Side,
    decimal LimitPrice,
    long SentMicros,
    double? SentBid,
    double? SentAsk,
    double? SentMid,
    double? SentDepthBid,
    double? SentDepthAsk,
    long? ClosedMicros,
    long? FillId,
    long? FillMicros,
    decimal? FillPrice,
    double? FillBid,
    double? FillAsk,
    double? FillMid,
    int? FillBookSource,
    string? FillPriceSource,
    decimal? Fee,
    decimal? Rebate = null,
    bool? FillIsMaker = null);

/// <summary>An end-of-tick sample (docs/data-dictionary.md#ticks).</summary>
public readonly record struct TickRow(long Micros, decimal Cash, decimal OpenValue, decimal OpenCost);

/// <summary>A lot row with its times (docs/data-dictionary.md#trades); times are ISO text as stored.</summary>
public readonly record struct LotRow(
    string MarketId,
    string OpenedAt,
    string? ClosedAt,
    bool Closed,
    decimal Shares,
    decimal EntryPrice,
    decimal? RealizedPnl,
    decimal? CurrentPrice);

/// <summary>A reward estimate row (docs/data-dictionary.md#market_making_rewards).</summary>
public readonly record struct RewardRow(decimal RewardUsd, string Source);
