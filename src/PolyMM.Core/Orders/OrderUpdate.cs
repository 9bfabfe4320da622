using PolyMM.Core.Engine;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Orders;

/// <summary>
/// One of our orders as the ledger stores it (docs/design.md#order-lifecycle): written when the gateway accepts or
/// rejects it and written again (same <see cref="Seq"/>, the row replaced) every time it changes — a fill, a cancel, the
/// end of the run. <see cref="Seq"/> counts from 1 in the order the strategy sent orders; the order id is
/// <c>&lt;run_id&gt;-&lt;seq&gt;</c>. <see cref="SentSnapshot"/> is the market as the strategy saw it when it sent the
/// order (top of book of the YES token); <see cref="SentAt"/> when it was sent; <see cref="LiveAt"/> when it became live at
/// the venue (sent + entry latency): no information at or before <see cref="LiveAt"/> may fill it.
/// <see cref="FilledShares"/> and <see cref="FillCount"/> sum its fills so far; <see cref="ClosedAt"/> and
/// <see cref="Reason"/> say when and why it ended (filled, a cancel reason, or a rejection reason).
/// </summary>
public readonly record struct OrderUpdate(
    long Seq,
    int MarketIndex,
    Side Side,
    decimal Price,
    decimal Shares,
    Snapshot SentSnapshot,
    LiquidityTier Tier,
    DateTimeOffset SentAt,
    DateTimeOffset LiveAt,
    OrderStatus Status,
    decimal FilledShares,
    int FillCount,
    DateTimeOffset? ClosedAt,
    string? Reason,
    int Evaluations)
{
    public decimal Remaining => Shares - FilledShares;
}
