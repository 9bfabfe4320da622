using PolyMM.Core.Fills;
using PolyMM.Core.Market;

namespace PolyMM.Core.Tests.Support;

/// <summary>Fills every evaluated order at its limit: isolates engine ordering from fill rules.</summary>
internal sealed class AlwaysFillModel : IFillModel
{
    public string Name => "always";

    public FillEvaluation Evaluate(in RestingOrderView order, in Snapshot snapshot, decimal? previousLastTradePrice) =>
        new(true, order.LimitPrice, "always", "limit", default);
}
