using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Fills;

/// <summary>
/// Deterministic fills (docs/design.md#fill-models): a buy fills when the last trade printed at or below its limit, a sell
/// when it printed at or above. A resting maker order fills at its own limit; filling at the print
/// (<see cref="FillAtLtp"/>, the prototype's behaviour) invents price improvement and is kept only for comparison.
/// </summary>
public sealed class StrictFillModel(bool fillAtLtp = false) : IFillModel
{
    private const decimal Eps = 0.000000001m;

    public string Name => "strict";

    public bool FillAtLtp { get; } = fillAtLtp;

    public FillEvaluation Evaluate(Side side, decimal limitPrice, decimal shares, in Snapshot snapshot)
    {
        if (snapshot.LastTradePrice is not { } ltp)
        {
            return FillEvaluation.None(FillReasons.NoLtp, default);
        }

        var diagnostics = new FillDiagnostics(ltp, 0, 0, 0, 0);
        var crossed = side == Side.Buy ? ltp <= limitPrice + Eps : ltp >= limitPrice - Eps;
        if (!crossed)
        {
            return FillEvaluation.None(FillReasons.NotCrossed, diagnostics);
        }

        // With the print as the price a buy may fill below its limit, never above: a print within the 1e-9
        // tolerance on the wrong side fills at the limit, so the pre-trade caps and 6-decimal amounts still hold.
        return FillAtLtp
            ? new FillEvaluation(true, side == Side.Buy ? Math.Min(ltp, limitPrice) : Math.Max(ltp, limitPrice), FillReasons.TradeThrough, "ltp", diagnostics)
            : new FillEvaluation(true, limitPrice, FillReasons.TradeThrough, "limit", diagnostics);
    }
}
