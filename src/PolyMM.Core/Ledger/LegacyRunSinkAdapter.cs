using PolyMM.Core.Engine;
using PolyMM.Core.Orders;

namespace PolyMM.Core.Ledger;

/// <summary>
/// TEMPORARY: removed when the ledger implements <see cref="ILedgerSink"/> (schema v2). Lets the engine's
/// <see cref="ILedgerSink"/> calls reach a schema-v1 <see cref="IRunSink"/>, which stores one row per order when the order
/// ends, with at most one complete fill: an order's terminal update (filled, cancelled, rejected) becomes one
/// <see cref="OrderRecord"/> carrying its fill; open and partially-filled updates, marks and the after-fill samples are
/// dropped (v1 has no place for them). An order with more than one fill, or cancelled after a partial fill, cannot be
/// stored in v1 and is refused with an exception rather than stored wrong.
/// </summary>
public sealed class LegacyRunSinkAdapter(IRunSink inner) : ILedgerSink
{
    private FillRecord _fill;
    private bool _hasFill;

    public void OnOrder(in OrderUpdate order)
    {
        if (order.Status is OrderStatus.Open or OrderStatus.PartiallyFilled)
        {
            return;
        }

        if (order.FillCount > 1 || (order.Status != OrderStatus.Filled && order.FilledShares > 0m))
        {
            throw new NotSupportedException(
                $"order seq {order.Seq} has {order.FillCount} fills ({order.FilledShares} of {order.Shares} shares): the schema-v1 ledger stores one complete fill per order");
        }

        var filled = order.Status == OrderStatus.Filled && _hasFill && _fill.OrderSeq == order.Seq;
        if (order.Status == OrderStatus.Filled && !filled)
        {
            throw new InvalidOperationException($"order seq {order.Seq} is filled but its fill was not reported first");
        }

        // v1 stores the send time as the sent snapshot's time, and the fill time as the fill snapshot's.
        var sent = order.SentSnapshot with { Ts = order.SentAt };
        var record = filled
            ? new OrderRecord(order.Seq, order.MarketIndex, order.Side, order.Price, order.Shares, sent, order.Tier, order.Status,
                order.ClosedAt, null, _fill.Book with { Ts = _fill.Ts }, _fill.Price, _fill.Fee, _fill.PriceSource, _fill.Diagnostics,
                order.Evaluations, _fill.LotId)
            : new OrderRecord(order.Seq, order.MarketIndex, order.Side, order.Price, order.Shares, sent, order.Tier, order.Status,
                order.ClosedAt, order.Reason, null, null, null, null, default, order.Evaluations, null);
        _hasFill = false;
        inner.OnOrder(record);
    }

    public void OnFill(in FillRecord fill)
    {
        _fill = fill;
        _hasFill = true;
    }

    public void OnLot(in LotRecord lot) => inner.OnLot(lot);

    public void OnMark(in MarkSample mark)
    {
    }

    public void OnTick(in TickSample sample)
    {
        if (!sample.AtFill)
        {
            inner.OnTick(sample);
        }
    }
}
