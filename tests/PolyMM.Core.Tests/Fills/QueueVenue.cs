using PolyMM.Core.Execution;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Tests.Fills;

/// <summary>
/// One market's YES book, a <see cref="SimulatedGateway"/> and a matching model, driven event by event the way the
/// engine does (advance the venue to the event time, apply the event to the book, show it to the live orders), with no
/// strategy: the test places and cancels orders itself and reads the fills.
/// </summary>
internal sealed class QueueVenue : IOrderEventSink, IMarketContextSource
{
    public static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly OrderBook _book = new();
    private readonly SimulatedGateway _gateway;
    private long _sequence;

    public QueueVenue(IMatchingModel model, int entryLatencyMs = 0, int cancelLatencyMs = 0)
    {
        Model = model;
        _gateway = new SimulatedGateway(model, this, this, 1, TimeSpan.FromMilliseconds(entryLatencyMs), TimeSpan.FromMilliseconds(cancelLatencyMs));
    }

    public IMatchingModel Model { get; }

    public List<OrderEvent> Events { get; } = [];

    public IEnumerable<OrderEvent> Fills => Events.Where(e => e.Kind == OrderEventKind.Filled);

    public bool Halted => false;

    public static DateTimeOffset At(int ms) => T0.AddMilliseconds(ms);

    public decimal Filled(long seq) => Fills.Where(f => f.Seq == seq).Sum(f => f.Shares);

    public void OnOrderEvent(in OrderEvent e) => Events.Add(e);

    private Snapshot _contextTop;

    public MatchContext ContextOf(int market)
    {
        // The context holds its top by reference, so the row lives in a field for as long as the caller uses it.
        _contextTop = Top(T0);
        return new MatchContext(_contextTop, null, 0.01m, _book);
    }

    public void Submit(long seq, Side side, decimal price, decimal shares, int atMs)
    {
        _gateway.AdvanceTo(At(atMs));
        _gateway.Submit(new SubmitOrder(seq, 0, side, price, shares, At(atMs)));
    }

    public void Cancel(long seq, int atMs)
    {
        _gateway.AdvanceTo(At(atMs));
        _gateway.Cancel(new CancelOrder(seq, 0, At(atMs), "test"));
    }

    public void Level(int atMs, Side side, decimal price, decimal size)
    {
        var ts = At(atMs);
        _gateway.AdvanceTo(ts);
        _book.ApplyLevel(side, price, size);
        _gateway.OnMarketEvent(MarketEvent.LevelChange(0, Outcome.Yes, ts, ts, _sequence++, side, price, size), new MatchContext(Top(ts), null, 0.01m, _book));
    }

    public void Trade(int atMs, Outcome token, Side taker, decimal price, decimal size)
    {
        var ts = At(atMs);
        _gateway.AdvanceTo(ts);
        _gateway.OnMarketEvent(MarketEvent.Trade(0, token, ts, ts, _sequence++, taker, price, size), new MatchContext(Top(ts), null, 0.01m, _book));
    }

    /// <summary>A legacy top-of-book row: the book becomes its one level per side (as the engine does).</summary>
    public void Row(in Snapshot row, decimal? previousLtp)
    {
        _gateway.AdvanceTo(row.Ts);
        _book.SetTop(row);
        _gateway.OnMarketEvent(MarketEvent.TopOfBook(0, row, _sequence++), new MatchContext(row, previousLtp, 0.01m, _book));
    }

    private Snapshot Top(DateTimeOffset ts)
    {
        var bid = _book.BestBid;
        var ask = _book.BestAsk;
        decimal? mid = bid is { } b && ask is { } a ? (b.Price + a.Price) / 2m : null;
        return new Snapshot(ts, bid?.Price, ask?.Price, mid, bid?.Size, ask?.Size, null);
    }
}
