using PolyMM.Core.Engine;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Ledger;

/// <summary>
/// An <c>orders</c> row decoded (docs/data-dictionary.md#orders), for <c>mm export</c>: times are event times, amounts
/// decimal. <see cref="ClosedAt"/> is null while the order works; <see cref="Reason"/> is null when it filled.
/// </summary>
public readonly record struct OrderRow(
    long Seq,
    int MarketIndex,
    Side Side,
    OrderStatus Status,
    int Tier,
    decimal Qty,
    decimal LimitPrice,
    DateTimeOffset SentAt,
    DateTimeOffset LiveAt,
    DateTimeOffset? ClosedAt,
    decimal FilledQty,
    long FillCount,
    long Evaluations,
    string? Reason);

/// <summary>
/// A <c>fills</c> row with its order's market and side (docs/data-dictionary.md#fills), for <c>mm export</c>.
/// <see cref="Rebate"/> is null where the ledger does not store rebates.
/// </summary>
public readonly record struct FillRow(
    long FillId,
    long Seq,
    int MarketIndex,
    Side Side,
    DateTimeOffset Ts,
    decimal Price,
    decimal Shares,
    decimal Fee,
    decimal? Rebate,
    bool IsMaker,
    string PriceSource,
    decimal? Bid,
    decimal? Ask,
    decimal? Mid,
    long? LotId);

/// <summary>An end-of-tick sample with its tick number and committed exposure (docs/data-dictionary.md#ticks).</summary>
public readonly record struct EquitySample(long Tick, DateTimeOffset Ts, decimal Cash, decimal OpenValue, decimal OpenCost, decimal Committed);

/// <summary>A <c>trades</c> (lot) row with every column <c>mm export</c> writes (docs/data-dictionary.md#trades).</summary>
public readonly record struct LotExportRow(
    long Id,
    string MarketId,
    bool Closed,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    decimal Shares,
    decimal EntryPrice,
    decimal CostBasis,
    decimal? ExitPrice,
    decimal? Proceeds,
    decimal? RealizedPnl,
    decimal? CurrentPrice,
    decimal EntryFee,
    decimal ExitFee,
    string? EntryPriceSource,
    string? ExitPriceSource);
