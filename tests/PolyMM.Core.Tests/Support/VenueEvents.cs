using PolyMM.Core.Execution;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;

namespace PolyMM.Core.Tests.Support;

/// <summary>
/// What a <see cref="SimulatedGateway"/> under test talks to: it keeps every order event the venue sends, in order, and
/// shows one market with an empty book (tick 0.01).
/// </summary>
internal sealed class VenueEvents : IOrderEventSink, IMarketContextSource
{
    private readonly OrderBook _book = new();

    public List<OrderEvent> List { get; } = [];

    public bool Halted => false;

    public void OnOrderEvent(in OrderEvent e) => List.Add(e);

    public MatchContext ContextOf(int market) => MatchContext.BookOnly(0.01m, _book);
}
