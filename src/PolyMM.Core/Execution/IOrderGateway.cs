using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;

namespace PolyMM.Core.Execution;

/// <summary>
/// Where orders go (docs/design.md#order-lifecycle): commands out, <see cref="OrderEvent"/>s back to the
/// <see cref="IOrderEventSink"/> the gateway was built with. The simulated gateway (backtest and paper runs) models latency
/// and asks a matching model for fills; a live venue gateway would send the commands and ignore the market events.
/// </summary>
public interface IOrderGateway
{
    void Submit(in SubmitOrder order);

    void Cancel(in CancelOrder cancel);

    /// <summary>Event time has reached <paramref name="now"/>: every entry or cancel due at or before it takes effect, oldest first.</summary>
    void AdvanceTo(DateTimeOffset now);

    /// <summary>A market event has been applied to its market's book (<paramref name="market"/>); a simulated venue matches its live orders.</summary>
    void OnMarketEvent(in MarketEvent e, in MatchContext market);
}
