using PolyMM.Core.Market;

namespace PolyMM.Core.Fills;

/// <summary>Any per-row <see cref="IFillModel"/> as a matching model (fills the whole remainder when the rule fills).</summary>
public sealed class PerRowMatchingModel(IFillModel rule) : RowRuleMatchingModel
{
    public override string Name => rule.Name;

    public override FillEvaluation Evaluate(in RestingOrderView order, in Snapshot snapshot, decimal? previousLastTradePrice) =>
        rule.Evaluate(order, snapshot, previousLastTradePrice);
}
