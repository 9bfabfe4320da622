using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Tests.Support;

/// <summary>Wraps a fill model and records every evaluation (side, limit, snapshot time) in call order.</summary>
internal sealed class RecordingFillModel(IFillModel inner) : IFillModel
{
    public List<(Side Side, decimal Limit, DateTimeOffset Ts)> Calls { get; } = [];

    public string Name => inner.Name;

    public FillEvaluation Evaluate(in RestingOrderView order, in Snapshot snapshot, decimal? previousLastTradePrice)
    {
        Calls.Add((order.Side, order.LimitPrice, snapshot.Ts));
        return inner.Evaluate(order, snapshot, previousLastTradePrice);
    }
}
