using PolyMM.Core.Market;

namespace PolyMM.Core.Fills;

/// <summary>
/// The default model (docs/design.md#fill-models): a resting buy fills completely on a trade printed after it
/// became live strictly below its limit, a sell on one strictly above. A print exactly at the limit does
/// not fill: whether our order was reached in the queue is unknown without a queue model. A stale print
/// (the same last trade seen again) never fills. The fill price is the order's limit.
/// </summary>
public sealed class TradeThroughFillModel : RowRuleMatchingModel
{
    public const string ModelName = "trade-through";

    public override string Name => ModelName;

    /// <summary>No print, a stale one, or one not strictly through the limit: exactly the cases <see cref="Evaluate"/> does not fill.</summary>
    protected override bool RulesOut(in WorkingOrder order, in Snapshot row, decimal? previousLastTradePrice) =>
        row.LastTradePrice is not { } ltp
        || !TradePrints.TradesThrough(order.Side, order.Price, ltp)
        || !TradePrints.IsNewSince(row, order.LiveAt, previousLastTradePrice);

    public override FillEvaluation Evaluate(in RestingOrderView order, in Snapshot snapshot, decimal? previousLastTradePrice)
    {
        if (snapshot.LastTradePrice is not { } ltp)
        {
            return FillEvaluation.None(FillReasons.NoLtp, default);
        }

        var diagnostics = new FillDiagnostics(ltp, 0, 0, 0, 0);
        if (!TradePrints.IsNewSince(snapshot, order.LiveAt, previousLastTradePrice))
        {
            return FillEvaluation.None(FillReasons.StalePrint, diagnostics);
        }

        return TradePrints.TradesThrough(order.Side, order.LimitPrice, ltp)
            ? new FillEvaluation(true, order.LimitPrice, FillReasons.TradeThrough, "limit", diagnostics)
            : FillEvaluation.None(FillReasons.NotCrossed, diagnostics);
    }
}
