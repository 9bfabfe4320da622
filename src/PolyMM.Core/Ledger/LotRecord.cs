namespace PolyMM.Core.Ledger;

/// <summary>
/// One row of the <c>trades</c> table (one per lot), as the ledger wants it stored now. A partial close
/// produces two records: the closed part under a new id, and the remainder under the original id. The entry fee is
/// the buy fill's fee; the exit fee is this lot's share of the sell fill's fee (docs/design.md#ledger).
/// </summary>
public readonly record struct LotRecord(
    long Id,
    int MarketIndex,
    DateTimeOffset OpenedAt,
    decimal Shares,
    decimal EntryPrice,
    decimal EntryFee,
    string EntryPriceSource,
    bool Closed,
    DateTimeOffset? ClosedAt,
    decimal? ExitPrice,
    decimal? Proceeds,
    decimal? RealizedPnl,
    string? ExitPriceSource,
    decimal? CurrentPrice,
    decimal ExitFee = 0m)
{
    public decimal CostBasis => Shares * EntryPrice;

    public static LotRecord Open(Lot lot, decimal? mark) => new(
        lot.Id, lot.MarketIndex, lot.OpenedAt, lot.Shares, lot.EntryPrice, lot.EntryFee, lot.EntryPriceSource,
        false, null, null, null, null, null, mark);
}
