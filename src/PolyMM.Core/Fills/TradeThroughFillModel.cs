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
