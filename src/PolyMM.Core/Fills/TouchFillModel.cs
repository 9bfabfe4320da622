using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Fills;

/// <summary>
/// The prototype's <c>strict</c> model, kept as an explicitly optimistic choice (docs/design.md#fill-models): a buy
/// fills whenever the row's last trade printed at or below its limit, a sell at or above — including a stale
/// print that happened before the order was live, so one old print can fill an order on every row. Reports
/// warn when it is used; <c>strict</c> is accepted as its old name. A resting maker order fills at its own
/// limit; filling at the print (<see cref="FillAtLtp"/>, the prototype's behaviour) invents price improvement
/// and is kept only for comparison.
/// </summary>
public sealed class TouchFillModel(bool fillAtLtp = false) : RowRuleMatchingModel
{
    public const string ModelName = "touch";

    /// <summary>The model's name before v2, still accepted on the command line and in stored parameters.</summary>
    public const string LegacyName = "strict";

    private const decimal Eps = 0.000000001m;

    public override string Name => ModelName;

    public bool FillAtLtp { get; } = fillAtLtp;

    /// <summary>No print, or one that does not reach the limit (within the tolerance): exactly the cases <see cref="Evaluate"/> does not fill.</summary>
    protected override bool RulesOut(in WorkingOrder order, in Snapshot row, decimal? previousLastTradePrice) =>
        row.LastTradePrice is not { } ltp || !Reaches(order.Side, order.Price, ltp);

    public override FillEvaluation Evaluate(in RestingOrderView order, in Snapshot snapshot, decimal? previousLastTradePrice)
    {
        if (snapshot.LastTradePrice is not { } ltp)
        {
            return FillEvaluation.None(FillReasons.NoLtp, default);
        }

        var side = order.Side;
        var limitPrice = order.LimitPrice;
        var diagnostics = new FillDiagnostics(ltp, 0, 0, 0, 0);
        if (!Reaches(side, limitPrice, ltp))
        {
            return FillEvaluation.None(FillReasons.NotCrossed, diagnostics);
        }

        // With the print as the price a buy may fill below its limit, never above: a print within the 1e-9
        // tolerance on the wrong side fills at the limit, so the pre-trade caps and 6-decimal amounts still hold.
        return FillAtLtp
            ? new FillEvaluation(true, side == Side.Buy ? Math.Min(ltp, limitPrice) : Math.Max(ltp, limitPrice), FillReasons.TradeThrough, "ltp", diagnostics)
            : new FillEvaluation(true, limitPrice, FillReasons.TradeThrough, "limit", diagnostics);
    }

    // The print reaches a buy's limit when at or below it, a sell's when at or above it, within the 1e-9 tolerance.
    private static bool Reaches(Side side, decimal limitPrice, decimal ltp) =>
        side == Side.Buy ? ltp <= limitPrice + Eps : ltp >= limitPrice - Eps;
}
