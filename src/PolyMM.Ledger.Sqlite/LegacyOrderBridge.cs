using PolyMM.Core.Engine;
using PolyMM.Core.Orders;

namespace PolyMM.Ledger.Sqlite;

/// <summary>
/// Temporary: removed when the engine emits ILedgerSink. Translates today's engine's order report (one call when the
/// order ends, at most one fill, which filled the whole order) into the v2 events: a <see cref="FillRecord"/> whose
/// fill id is the order's seq (unique, because an order has at most one fill), maker, without a reason, and the
/// order's final <see cref="OrderUpdate"/> (live when sent: today's engine has no latency).
/// </summary>
internal static class LegacyOrderBridge
{
    public static OrderUpdate Translate(in OrderRecord order, out FillRecord? fill)
    {
        var filled = order.Status == OrderStatus.Filled && order.FillSnapshot is not null;
        fill = filled
            ? new FillRecord(
                order.Seq, order.Seq, order.MarketIndex, order.Side, order.FillSnapshot!.Value.Ts, order.Shares,
                order.FillPrice ?? order.Price, order.Fee ?? 0m, IsMaker: true, order.FillPriceSource ?? string.Empty,
                Reason: string.Empty, order.FillSnapshot.Value, order.Diagnostics, order.LotId)
            : null;
        return new OrderUpdate(
            order.Seq, order.MarketIndex, order.Side, order.Price, order.Shares, order.SentSnapshot, order.Tier,
            order.SentAt, order.SentAt, order.Status, filled ? order.Shares : 0m, filled ? 1 : 0, order.ClosedAt,
            order.CancelReason, order.Evaluations);
    }
}
