using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Engine;

/// <summary>
/// One order of the run, as the ledger stores it when the order ends (filled, cancelled, or left at
/// the end of the run). <see cref="Seq"/> counts from 1 in placement order; the order id is
/// <c>&lt;run_id&gt;-&lt;seq&gt;</c>. <see cref="SentSnapshot"/> is the snapshot the order was decided on;
/// <see cref="FillSnapshot"/> the later one it filled against.
/// </summary>
public readonly record struct OrderRecord(
    long Seq,
    int MarketIndex,
    Side Side,
    decimal Price,
    decimal Shares,
    Snapshot SentSnapshot,
    LiquidityTier Tier,
    OrderStatus Status,
    DateTimeOffset? ClosedAt,
    string? CancelReason,
    Snapshot? FillSnapshot,
    decimal? FillPrice,
    decimal? Fee,
    string? FillPriceSource,
    FillDiagnostics Diagnostics,
    int Evaluations,
    long? LotId)
{
    public DateTimeOffset SentAt => SentSnapshot.Ts;
}
