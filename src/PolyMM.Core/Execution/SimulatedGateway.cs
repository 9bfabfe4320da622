using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Execution;

/// <summary>
/// The venue of backtest and paper runs (docs/design.md#order-lifecycle). An order sent at t is live from t + entry latency:
/// then a post-only order that would cross the market's book is rejected (<see cref="OrderReasons.PostOnlyWouldCross"/>),
/// never filled as a taker; otherwise it is accepted and the matching model is told. A cancel sent at t takes effect at
/// t + cancel latency; until then the order can still fill. Every later event of the order's market is shown to the
/// matching model for each live order (bids first, then asks, each in the order they became live). An order for fewer
/// shares than its market's minimum order size is rejected when it becomes live (<see cref="OrderReasons.BelowMinOrderSize"/>),
/// as the real venue rejects it. With both latencies
/// 0 an order is live at once and a cancel is immediate. Order objects are pooled and the queues are reused, so a
/// market event allocates nothing.
/// </summary>
public sealed class SimulatedGateway : IOrderGateway
{
    private readonly IMatchingModel _model;
    private readonly IOrderEventSink _sink;
    private readonly IMarketContextSource _markets;
    private readonly TimeSpan _entryLatency;
    private readonly TimeSpan _cancelLatency;
    private readonly List<SimOrder>[] _live;
    // Ordered by due time, then by send order: with a constant latency that is the send order; with drawn latencies
    // (docs/design.md#order-lifecycle) a later order can become live first.
    private readonly PriorityQueue<Pending, (long Due, long N)> _entering = new();
    private readonly PriorityQueue<Pending, (long Due, long N)> _cancelling = new();
    private readonly LatencyDistribution? _drawn;
    private long _queued;
    private readonly Dictionary<long, SimOrder> _bySeq = [];
    private readonly Stack<SimOrder> _pool = new();
    private long _nextFillId;
    private readonly decimal[] _minOrderSize;

    /// <summary>
    /// A venue over <paramref name="marketCount"/> markets; <paramref name="minOrderSize"/> gives each market's minimum order
    /// size in shares (null, or 0 for a market: no minimum).
    /// </summary>
    public SimulatedGateway(IMatchingModel model, IOrderEventSink sink, IMarketContextSource markets, int marketCount,
        TimeSpan entryLatency, TimeSpan cancelLatency, LatencyDistribution? drawn = null, IReadOnlyList<decimal>? minOrderSize = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(entryLatency, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(cancelLatency, TimeSpan.Zero);
        _model = model;
        _sink = sink;
        _markets = markets;
        _entryLatency = entryLatency;
        _cancelLatency = cancelLatency;
        _drawn = drawn;
        _live = new List<SimOrder>[marketCount];
        _minOrderSize = new decimal[marketCount];
        for (var i = 0; i < marketCount; i++)
        {
            _live[i] = new List<SimOrder>(4);
            _minOrderSize[i] = minOrderSize is not null && i < minOrderSize.Count ? minOrderSize[i] : 0m;
        }
    }

    public IMatchingModel Model => _model;

    /// <summary>How many times the matching model was asked about an order, whole run.</summary>
    public long Evaluations { get; private set; }

    /// <summary>Orders sent and not yet ended (in flight, live or with a cancel in flight).</summary>
    public int Working => _bySeq.Count;

    public void Submit(in SubmitOrder order)
    {
        var o = _pool.Count > 0 ? _pool.Pop() : new SimOrder();
        var latency = _drawn?.Next() ?? _entryLatency;
        o.Reset(order, order.SentAt + latency);
        _bySeq.Add(o.Seq, o);
        if (latency == TimeSpan.Zero)
        {
            Activate(o);
        }
        else
        {
            _entering.Enqueue(new Pending(o, o.Seq, o.LiveAt, null), (o.LiveAt.UtcTicks, _queued++));
        }
    }

    public void Cancel(in CancelOrder cancel)
    {
        if (!_bySeq.TryGetValue(cancel.Seq, out var o) || o.CancelSent)
        {
            // Already ended (filled, rejected) or already being cancelled: nothing to do at the venue.
            return;
        }

        o.CancelSent = true;
        var latency = _drawn?.Next() ?? _cancelLatency;
        if (latency == TimeSpan.Zero)
        {
            Close(o, cancel.SentAt, cancel.Reason);
        }
        else
        {
            var due = cancel.SentAt + latency;
            _cancelling.Enqueue(new Pending(o, o.Seq, due, cancel.Reason), (due.UtcTicks, _queued++));
        }
    }

    public void AdvanceTo(DateTimeOffset now)
    {
        while (true)
        {
            var hasEntry = _entering.TryPeek(out var entry, out _) && entry.Due <= now;
            var hasCancel = _cancelling.TryPeek(out var cancel, out _) && cancel.Due <= now;
            if (!hasEntry && !hasCancel)
            {
                return;
            }

            // Oldest first; an entry and a cancel due at one instant: the entry first (its cancel needs it live).
            if (hasEntry && (!hasCancel || entry.Due <= cancel.Due))
            {
                _entering.Dequeue();
                if (entry.Order.Seq == entry.Seq && entry.Order.State == SimState.Entering)
                {
                    Activate(entry.Order);
                }
            }
            else
            {
                _cancelling.Dequeue();
                if (cancel.Order.Seq == cancel.Seq && cancel.Order.State != SimState.Done)
                {
                    Close(cancel.Order, cancel.Due, cancel.Reason!);
                }
            }
        }
    }

    public void OnMarketEvent(in MarketEvent e, in MatchContext market)
    {
        var live = _live[e.Instrument];
        if (live.Count == 0)
        {
            return;
        }

        // Bids first, then asks: the order the engine has always evaluated a market's two sides in.
        MatchSide(live, Side.Buy, e, market);
        if (!_sink.Halted)
        {
            MatchSide(live, Side.Sell, e, market);
        }
    }

    private void MatchSide(List<SimOrder> live, Side side, in MarketEvent e, in MatchContext market)
    {
        var i = 0;
        while (i < live.Count)
        {
            var o = live[i];
            // No look-ahead: an event at or before the moment the order became live cannot fill it.
            if (o.Side != side || e.TsEvent <= o.LiveAt)
            {
                i++;
                continue;
            }

            var view = o.View;
            var result = _model.Match(view, e, market);
            Evaluations++;
            o.Evaluations++;
            if (!result.Filled)
            {
                i++;
                continue;
            }

            o.Filled += result.Shares;
            var done = o.Filled >= o.Shares;
            if (done)
            {
                live.RemoveAt(i);
                o.State = SimState.Done;
                _bySeq.Remove(o.Seq);
                _model.OnClosed(o.Seq);
            }
            else
            {
                i++;
            }

            _sink.OnOrderEvent(new OrderEvent(OrderEventKind.Filled, o.Seq, o.Market, e.TsEvent, result.Reason, ++_nextFillId,
                result.Shares, result.Price, IsMaker: true, result.PriceSource, result.Diagnostics, o.Evaluations));
            if (done)
            {
                _pool.Push(o);
            }

            if (_sink.Halted)
            {
                return;
            }
        }
    }

    private void Activate(SimOrder o)
    {
        // The venue refuses an order below the market's minimum size before it looks at the book (docs/design.md#order-lifecycle).
        if (o.Shares < _minOrderSize[o.Market])
        {
            o.State = SimState.Done;
            _bySeq.Remove(o.Seq);
            _sink.OnOrderEvent(new OrderEvent(OrderEventKind.Rejected, o.Seq, o.Market, o.LiveAt, OrderReasons.BelowMinOrderSize));
            _pool.Push(o);
            return;
        }

        var market = _markets.ContextOf(o.Market);
        var book = market.Book;
        var crosses = o.Side == Side.Buy
            ? book.BestAsk is { } ask && o.Price >= ask.Price
            : book.BestBid is { } bid && o.Price <= bid.Price;
        if (crosses)
        {
            o.State = SimState.Done;
            _bySeq.Remove(o.Seq);
            _sink.OnOrderEvent(new OrderEvent(OrderEventKind.Rejected, o.Seq, o.Market, o.LiveAt, OrderReasons.PostOnlyWouldCross));
            _pool.Push(o);
            return;
        }

        o.State = SimState.Live;
        _live[o.Market].Add(o);
        _model.OnAccepted(o.View, market);
        _sink.OnOrderEvent(new OrderEvent(OrderEventKind.Accepted, o.Seq, o.Market, o.LiveAt));
    }

    private void Close(SimOrder o, DateTimeOffset at, string reason)
    {
        if (o.State == SimState.Live)
        {
            _live[o.Market].Remove(o);
            _model.OnClosed(o.Seq);
        }

        o.State = SimState.Done;
        _bySeq.Remove(o.Seq);
        _sink.OnOrderEvent(new OrderEvent(OrderEventKind.Cancelled, o.Seq, o.Market, at, reason, Evaluations: o.Evaluations));
        _pool.Push(o);
    }

    private enum SimState : byte
    {
        Entering,
        Live,
        Done,
    }

    private readonly record struct Pending(SimOrder Order, long Seq, DateTimeOffset Due, string? Reason);

    private sealed class SimOrder
    {
        public long Seq { get; private set; }
        public int Market { get; private set; }
        public Side Side { get; private set; }
        public decimal Price { get; private set; }
        public decimal Shares { get; private set; }
        public decimal Filled { get; set; }
        public DateTimeOffset SentAt { get; private set; }
        public DateTimeOffset LiveAt { get; private set; }
        public SimState State { get; set; }
        public bool CancelSent { get; set; }
        public int Evaluations { get; set; }

        public WorkingOrder View => new(Seq, Market, Side, Price, Shares, Filled, SentAt, LiveAt);

        public void Reset(in SubmitOrder c, DateTimeOffset liveAt)
        {
            Seq = c.Seq;
            Market = c.MarketIndex;
            Side = c.Side;
            Price = c.Price;
            Shares = c.Shares;
            Filled = 0m;
            SentAt = c.SentAt;
            LiveAt = liveAt;
            State = SimState.Entering;
            CancelSent = false;
            Evaluations = 0;
        }
    }
}
