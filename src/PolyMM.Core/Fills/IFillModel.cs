using PolyMM.Core.Market;

namespace PolyMM.Core.Fills;

/// <summary>
/// Decides whether a resting passive order filled against a snapshot that came after it became live.
/// The engine passes the order (with its live time) and the previous row's last trade price of the same
/// market, so a model can tell a new print from a stale one (<see cref="TradePrints"/>). Implementations
/// hold no per-order state; any randomness is an injected, seeded source.
/// </summary>
public interface IFillModel
{
    /// <summary>The name stored with every execution record (<c>trade-through</c>, <c>touch</c> or <c>probabilistic</c>).</summary>
    string Name { get; }

    FillEvaluation Evaluate(in RestingOrderView order, in Snapshot snapshot, decimal? previousLastTradePrice);
}
