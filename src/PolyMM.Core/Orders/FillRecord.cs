using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Orders;

/// <summary>
/// One fill of one of our orders (docs/design.md#order-lifecycle). <see cref="FillId"/> is unique in the run (counts from
/// 1); an order may have several fills (partial fills), each with its own shares, price (the order's limit), fee and
/// maker flag. <see cref="Book"/> is the YES token's top of book at the fill (after the event that caused it is
/// applied), <see cref="Reason"/> the matching model's reason, <see cref="Diagnostics"/> its inputs and draws.
/// <see cref="LotId"/> is the lot a buy opened, or the first lot a sell closed.
/// </summary>
public readonly record struct FillRecord(
    long FillId,
    long OrderSeq,
    int MarketIndex,
    Side Side,
    DateTimeOffset Ts,
    decimal Shares,
    decimal Price,
    decimal Fee,
    bool IsMaker,
    string PriceSource,
    string Reason,
    Snapshot Book,
    FillDiagnostics Diagnostics,
    long? LotId)
{
    public decimal Notional => Shares * Price;

    /// <summary>
    /// The maker rebate this fill accrues under the market's fee schedule (docs/design.md#fees); paid by the venue
    /// outside the run's cash, so it is not in <see cref="Fee"/> and not in the ledger identity. 0 for a taker fill or
    /// without a schedule.
    /// </summary>
    public decimal Rebate { get; init; }
}
