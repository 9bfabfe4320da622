using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Tests.Support;

/// <summary>Shorthands for asking a fill model about one order against one row.</summary>
internal static class FillModelExtensions
{
    /// <summary>The row's print is new: the order was live before it and no previous row exists.</summary>
    public static FillEvaluation EvaluateNew(this IFillModel model, Side side, decimal limit, decimal shares, in Snapshot s) =>
        model.Evaluate(new RestingOrderView(side, limit, shares, DateTimeOffset.MinValue), s, previousLastTradePrice: null);

    /// <summary>The row's print is stale: the previous row of the market showed the same last trade price.</summary>
    public static FillEvaluation EvaluateStale(this IFillModel model, Side side, decimal limit, decimal shares, in Snapshot s) =>
        model.Evaluate(new RestingOrderView(side, limit, shares, DateTimeOffset.MinValue), s, s.LastTradePrice);
}
