using PolyMM.Core.Fills;
using PolyMM.Core.Market;

namespace PolyMM.TestSupport;

/// <summary>
/// A test-only matching model with per-order state: the first event after an order is live fills half of it (floored to
/// 0.01 share), the next one fills the rest. Shows partial fills end to end (engine, ledger, gates); no real market behaves like this.
/// </summary>
public sealed class HalfThenRestModel : IMatchingModel
{
    private readonly Dictionary<long, int> _fillsSoFar = [];

    public string Name => "half-then-rest";

    public List<long> Accepted { get; } = [];

    public List<long> Closed { get; } = [];

    public void OnAccepted(in WorkingOrder order, in MatchContext market)
    {
        _fillsSoFar[order.Seq] = 0;
        Accepted.Add(order.Seq);
    }

    public MatchResult Match(in WorkingOrder order, in MarketEvent e, in MatchContext market)
    {
        var n = _fillsSoFar[order.Seq]++;
        var shares = n == 0 ? Math.Floor(order.Shares / 2m * 100m) / 100m : order.Remaining;
        return new MatchResult(shares, order.Price, n == 0 ? "half" : "rest", "limit", default);
    }

    public void OnClosed(long seq)
    {
        _fillsSoFar.Remove(seq);
        Closed.Add(seq);
    }
}
