using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Fills;

/// <summary>
/// The queue-position model (docs/design.md#queue-model). At acceptance an order's queue ahead is the displayed size at
/// its price on its side (our own orders are never in the displayed book). Trades at its price (on the YES token, and the
/// mirrored NO-token print at 1 − p) eat the queue; a trade that eats past it fills us by the excess (partial fills); a
/// trade strictly through the price fills the remainder. Level decreases that trades do not explain move the queue per
/// the <see cref="QueueFunction"/>. On top-of-book rows the queue is estimated from L1: depth at the touch and the row's
/// new last-trade print (with its size when the row states one). Fills are at the order's limit.
/// </summary>
public sealed class QueueFillModel(QueueFunction function, bool topOfBookData = false) : IMatchingModel
{
    public const string ModelName = "queue";

    /// <summary>Reason of a fill by a trade at the order's price that ate through the queue ahead.</summary>
    public const string QueueReached = "queue_reached";

    private const decimal ShareStep = 0.000001m;

    private readonly Dictionary<long, QueueState> _states = [];
    private readonly Stack<QueueState> _pool = new();

    public string Name => ModelName;

    public QueueFunction Function { get; } = function;

    /// <summary>NO-token prints matter: they can be the mirrored trade that reached a resting YES order.</summary>
    public bool MirrorsComplement => true;

    /// <summary>How many top-of-book rows the model read (their queues were estimated from L1).</summary>
    public long TopOfBookRows { get; private set; }

    /// <summary>How many L2 events (book snapshots, level changes, trades) the model read.</summary>
    public long BookEvents { get; private set; }

    /// <summary>The current queue-ahead estimate of a live order, null when unknown (tests and diagnostics).</summary>
    public decimal? QueueAhead(long seq) => _states.TryGetValue(seq, out var st) && st.Known ? st.Front : null;

    public void OnAccepted(in WorkingOrder order, in MatchContext market)
    {
        var st = _pool.Count > 0 ? _pool.Pop() : new QueueState();
        st.Reset();
        _states[order.Seq] = st;
        if (Observe(order, market, topOfBookData) is { } level)
        {
            st.Known = true;
            st.Front = level;
            st.Level = level;
            st.AtAccept = level;
        }
    }

    public void OnClosed(long seq)
    {
        if (_states.Remove(seq, out var st))
        {
            _pool.Push(st);
        }
    }

    public MatchResult Match(in WorkingOrder order, in MarketEvent e, in MatchContext market)
    {
        if (!_states.TryGetValue(order.Seq, out var st))
        {
            OnAccepted(order, market);
            st = _states[order.Seq];
        }

        switch (e.Kind)
        {
            case MarketEventKind.Trade:
                {
                    BookEvents++;
                    // A NO print at q taken by a buyer is a YES sale at 1 − q (docs/design.md#queue-model).
                    var mirrored = e.Token != Outcome.Yes;
                    var price = mirrored ? 1m - e.Price : e.Price;
                    var taker = mirrored ? Opposite(e.Side) : e.Side;
                    return Trade(order, st, price, taker, e.Size);
                }

            case MarketEventKind.BookSnapshot:
            case MarketEventKind.LevelChange:
                {
                    BookEvents++;
                    if (e.Token == Outcome.Yes && Observe(order, market, l1: false) is { } level)
                    {
                        Depth(st, level);
                    }

                    return MatchResult.None(FillReasons.NotCrossed, Diagnostics(st, null));
                }

            case MarketEventKind.TopOfBook:
                {
                    TopOfBookRows++;
                    var row = e.Top;
                    var result = MatchResult.None(FillReasons.NoLtp, Diagnostics(st, null));
                    if (row.LastTradePrice is { } ltp && IsNewPrint(order, st, row, market.PreviousLastTradePrice))
                    {
                        st.LastPrintTs = row.LastTradeTs;
                        result = Trade(order, st, ltp, row.LastTradeSide, row.LastTradeSize);
                    }

                    // The row's depth is what was displayed after its print.
                    if (Observe(order, market, l1: true) is { } level)
                    {
                        Depth(st, level);
                    }

                    return result;
                }

            default:
                return MatchResult.None(FillReasons.NoLtp, default);
        }
    }

    private static Side Opposite(Side s) => s == Side.Buy ? Side.Sell : Side.Buy;

    private static bool IsNewPrint(in WorkingOrder order, QueueState st, in Snapshot row, decimal? previousLtp)
    {
        if (row.LastTradeTs is { } at)
        {
            return at > order.LiveAt && (st.LastPrintTs is not { } seen || at > seen);
        }

        return previousLtp != row.LastTradePrice;
    }

    /// <summary>
    /// The displayed size at the order's price, or null when the data cannot say: on an L1 book a price behind the touch
    /// (bid below the best bid) is not shown, and a touch without a stated depth is unknown. A price better than the
    /// touch has nothing displayed (0).
    /// </summary>
    private static decimal? Observe(in WorkingOrder order, in MatchContext market, bool l1)
    {
        if (!l1)
        {
            return market.Book.SizeAt(order.Side, order.Price);
        }

        var top = market.Top;
        var best = order.Side == Side.Buy ? top.BestBid : top.BestAsk;
        if (best is not { } b)
        {
            return 0m;
        }

        if (b == order.Price)
        {
            return order.Side == Side.Buy ? top.DepthBid1 : top.DepthAsk1;
        }

        var behind = order.Side == Side.Buy ? order.Price < b : order.Price > b;
        return behind ? null : 0m;
    }

    private static MatchResult Trade(in WorkingOrder order, QueueState st, decimal price, Side? taker, decimal? size)
    {
        var ahead = st.Known ? st.Front : (decimal?)null;
        if (TradePrints.TradesThrough(order.Side, order.Price, price))
        {
            return new MatchResult(order.Remaining, order.Price, FillReasons.TradeThrough, "limit", Diagnostics(st, ahead, price));
        }

        // At our price only a taker on the other side reaches our order; an unknown size or queue cannot move it.
        if (price != order.Price || taker == order.Side || size is not { } q || q <= 0m || !st.Known)
        {
            return MatchResult.None(FillReasons.NotCrossed, Diagnostics(st, ahead, price));
        }

        var excess = q - st.Front;
        st.Front = Math.Max(0m, st.Front - q);
        var fill = Math.Min(order.Remaining, Math.Max(0m, excess));
        // The part of the trade that filled us never was in the displayed level; the rest explains a decrease.
        st.CumTrade += q - fill;
        return fill > 0m
            ? new MatchResult(fill, order.Price, QueueReached, "limit", Diagnostics(st, ahead, price))
            : MatchResult.None(FillReasons.NotCrossed, Diagnostics(st, ahead, price));
    }

    private void Depth(QueueState st, decimal level)
    {
        var prev = st.Level;
        st.Level = level;
        if (!st.Known)
        {
            // First sight of our level: everyone displayed there counts as ahead of us.
            st.Known = true;
            st.Front = level;
            st.CumTrade = 0m;
            return;
        }

        var cum = st.CumTrade;
        st.CumTrade = 0m;
        if (Function.Kind == QueueFunctionKind.RiskAverse)
        {
            st.Front = Math.Min(st.Front, level);
            return;
        }

        var chg = prev - level - cum;
        if (chg <= 0m)
        {
            // The level grew (or shrank only by trades): joiners stand behind us.
            st.Front = Math.Min(st.Front, level);
            return;
        }

        var back = Math.Max(0m, prev - st.Front);
        var p = (decimal)Function.ProbabilityBehind(st.Front, back);
        var est = st.Front - (1m - p) * chg + Math.Min(back - p * chg, 0m);
        // Rounded up to a millionth of a share: never closer to the front than the arithmetic says.
        est = Math.Ceiling(Math.Max(0m, est) / ShareStep) * ShareStep;
        st.Front = Math.Min(est, level);
    }

    private static FillDiagnostics Diagnostics(QueueState st, decimal? aheadAtFill, decimal? price = null) =>
        new(price, 0, 0, 0, 0, st.AtAccept, aheadAtFill);

    private sealed class QueueState
    {
        public bool Known { get; set; }
        public decimal Front { get; set; }
        public decimal Level { get; set; }
        public decimal CumTrade { get; set; }
        public decimal? AtAccept { get; set; }
        public DateTimeOffset? LastPrintTs { get; set; }

        public void Reset()
        {
            Known = false;
            Front = 0m;
            Level = 0m;
            CumTrade = 0m;
            AtAccept = null;
            LastPrintTs = null;
        }
    }
}
