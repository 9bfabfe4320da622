using PolyMM.Core.Execution;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;

namespace PolyMM.Core.Tests.Support;

/// <summary>A venue the test plays by hand: it records commands and sends whatever order events the test tells it to.</summary>
internal sealed class ScriptedGateway(IOrderEventSink sink) : IOrderGateway
{
    public List<SubmitOrder> Submitted { get; } = [];

    public List<CancelOrder> Cancels { get; } = [];

    public void Submit(in SubmitOrder order) => Submitted.Add(order);

    public void Cancel(in CancelOrder cancel) => Cancels.Add(cancel);

    public void AdvanceTo(DateTimeOffset now)
    {
    }

    public void OnMarketEvent(in MarketEvent e, in MatchContext market)
    {
    }

    public void Send(OrderEvent e) => sink.OnOrderEvent(e);
}
