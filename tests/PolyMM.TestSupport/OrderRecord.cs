using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.TestSupport;

/// <summary>
/// One order as a test reads it at its end: its final <see cref="Core.Orders.OrderUpdate"/> folded together with its
/// first fill (the shape the engine reported before orders had several fills). <see cref="CollectingSink"/> builds
/// these views for assertions; the ledger stores orders and fills separately.
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
