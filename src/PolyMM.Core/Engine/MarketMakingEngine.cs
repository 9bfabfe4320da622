using PolyMM.Core.Fills;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Engine;

/// <summary>
/// The event loop for one run, fed one snapshot at a time in event-time order across markets (offline,
/// <see cref="Replay"/> merges the markets' streams; docs/design.md#engine-loop). Per snapshot: validate → evaluate the orders resting
/// from earlier snapshots (bid, then ask) → quote from this snapshot with the inventory after those
/// fills. An order is never evaluated against the snapshot that created it. Backtest and live runs
/// differ only in who feeds it.
/// </summary>
public sealed class MarketMakingEngine
{
    private readonly EngineOptions _options;
    private readonly IFillModel _fillModel;
    private readonly IRunSink _sink;
    private readonly MarketState[] _markets;
    private readonly Action<LotRecord> _onSellRecord;
    private long? _firstSellLot;
    private decimal _restingBidNotional;

    // What the resting bids would take from cash if they all filled: notional plus fee (the cash check).
    private decimal _restingBidReserve;
    private long _nextSeq;
    private long _tick;

    public MarketMakingEngine(EngineOptions options, decimal bankroll, int marketCount, IFillModel fillModel, IRunSink sink)
    {
        _options = options;
        _fillModel = fillModel;
        _sink = sink;
        _markets = new MarketState[marketCount];
        for (var i = 0; i < marketCount; i++)
        {
            _markets[i] = new MarketState(i);
        }

        Portfolio = new Portfolio(bankroll, marketCount);

        // One delegate for the run rather than a closure per sell fill: the hot path allocates nothing.
        _onSellRecord = record =>
        {
            _firstSellLot ??= record.Id;
            _sink.OnLot(record);
        };
    }

    public Portfolio Portfolio { get; }

    public EngineStats Stats { get; } = new();

    /// <summary>Open cost basis plus resting-bid notional, all markets: what the total cap bounds.</summary>
    public decimal Committed => Portfolio.OpenCost + _restingBidNotional;

    /// <summary>The resting bid of a market as (price, shares), or null.</summary>
    public QuoteIntent? RestingBid(int market) => _markets[market].Bid is { } b ? new QuoteIntent(b.Price, b.Shares) : null;

    /// <summary>The resting ask of a market as (price, shares), or null.</summary>
    public QuoteIntent? RestingAsk(int market) => _markets[market].Ask is { } a ? new QuoteIntent(a.Price, a.Shares) : null;

    public bool FillLimitReached => _options.MaxFills > 0 && Stats.Fills >= _options.MaxFills;

    /// <summary>Processes one snapshot of market <paramref name="market"/>.</summary>
    public void OnSnapshot(int market, in Snapshot s)
    {
        var m = _markets[market];
        Stats.Snapshots++;

        // Event time never runs backwards within a market: an out-of-order row or a skewed venue clock
        // would corrupt hold times and time-to-fill, so it is counted and skipped.
        if (m.LastTs is { } last && s.Ts <= last)
        {
            EngineStats.Count(Stats.InvalidSnapshots, SnapshotValidator.NonMonotonicTs);
            return;
        }

        m.LastTs = s.Ts;

        // The previous row's print tells the fill model whether this row's print is a new trade.
        var previousLtp = m.LastTradePrice;
        m.LastTradePrice = s.LastTradePrice;
        var invalid = SnapshotValidator.Validate(s);
        if (invalid is not null)
        {
            EngineStats.Count(Stats.InvalidSnapshots, invalid);
            CancelBid(m, s.Ts, "invalid_snapshot");
            CancelAsk(m, s.Ts, "invalid_snapshot");
            return;
        }

        var mid = (s.BestBid!.Value + s.BestAsk!.Value) / 2m;
        Portfolio.SetMark(market, mid);

        if (m.Bid is not null)
        {
            EvaluateBid(market, m, s, previousLtp);
            if (FillLimitReached)
            {
                return;
            }
        }

        if (m.Ask is not null)
        {
            EvaluateAsk(market, m, s, previousLtp);
            if (FillLimitReached)
            {
                return;
            }
        }

        var ownBid = m.Bid?.Notional ?? 0m;
        var ctx = new QuoteContext(
            Portfolio.SharesHeld(market),
            Portfolio.OpenCostOf(market),
            Committed - ownBid,
            Portfolio.OldestLotOpenedAt(market),
            s.Ts,
            Portfolio.Cash - (_restingBidReserve - (m.Bid?.Reserve ?? 0m)),
            _options.FeeBps);
        var decision = Quoter.Quote(s, ctx, _options.Quote);
        if (decision.PauseReason is { } pause)
        {
            EngineStats.Count(Stats.PauseReasons, pause);
            CancelBid(m, s.Ts, pause);
            CancelAsk(m, s.Ts, pause);
            return;
        }

        if (decision.BidBlockedReason is { } bidReason)
        {
            EngineStats.Count(Stats.PauseReasons, bidReason);
        }

        if (decision.AskBlockedReason is { } askReason)
        {
            EngineStats.Count(Stats.PauseReasons, askReason);
        }

        if (decision.ClampedPassive > 0)
        {
            EngineStats.Count(Stats.PauseReasons, QuoteReasons.ClampedPassive, decision.ClampedPassive);
        }

        // The tier is stored with new orders only; most snapshots place none, so it is classified lazily.
        LiquidityTier? tier = null;
        ReconcileBid(m, decision.Bid, decision.BidBlockedReason, s, ref tier);
        ReconcileAsk(m, decision.Ask, decision.AskBlockedReason, s, ref tier);
        TrackMaxCommitted();
    }

    /// <summary>Closes a tick: reports the run's cash, marked value and exposure at <paramref name="ts"/>.</summary>
    public void EndTick(DateTimeOffset ts)
    {
        _sink.OnTick(new TickSample(_tick++, ts, Portfolio.Cash, Portfolio.OpenValue, Portfolio.OpenCost, Committed));
    }

    /// <summary>Ends the run: cancels every resting order and reports open lots at their marks.</summary>
    public void Finish(DateTimeOffset ts, string reason = "run_end")
    {
        for (var i = 0; i < _markets.Length; i++)
        {
            CancelBid(_markets[i], ts, reason);
            CancelAsk(_markets[i], ts, reason);
            foreach (var lot in Portfolio.OpenLots(i))
            {
                _sink.OnLot(LotRecord.Open(lot, Portfolio.Mark(i)));
            }
        }
    }

    /// <summary>Asks the fill model about one resting order, recording the evaluation on it; the fee when it filled.</summary>
    private bool TryFill(RestingOrder order, in Snapshot s, decimal? previousLtp, out FillEvaluation eval, out decimal fee)
    {
        // Orders are live from the snapshot that placed them (no latency model yet).
        eval = _fillModel.Evaluate(new RestingOrderView(order.Side, order.Price, order.Shares, order.Sent.Ts), s, previousLtp);
        Stats.FillEvaluations++;
        order.Evaluations++;
        order.LastDiagnostics = eval.Diagnostics;
        fee = eval.Filled ? Money.Fee(order.Shares * eval.Price, _options.FeeBps) : 0m;
        return eval.Filled;
    }

    private void EvaluateBid(int market, MarketState m, in Snapshot s, decimal? previousLtp)
    {
        var bid = m.Bid!;
        if (!TryFill(bid, s, previousLtp, out var eval, out var fee))
        {
            return;
        }

        var lot = Portfolio.Buy(market, s.Ts, bid.Shares, eval.Price, fee, eval.PriceSource);
        _sink.OnLot(LotRecord.Open(lot, Portfolio.Mark(market)));
        _restingBidNotional -= bid.Notional;
        _restingBidReserve -= bid.Reserve;
        m.Bid = null;
        Stats.Fills++;
        _sink.OnOrder(bid.ToRecord(market, OrderStatus.Filled, s.Ts, null, s, eval, fee, lot.Id));
    }

    private void EvaluateAsk(int market, MarketState m, in Snapshot s, decimal? previousLtp)
    {
        var ask = m.Ask!;
        if (!TryFill(ask, s, previousLtp, out var eval, out var fee))
        {
            return;
        }

        _firstSellLot = null;
        Portfolio.Sell(market, s.Ts, ask.Shares, eval.Price, fee, eval.PriceSource, _onSellRecord);
        var firstLot = _firstSellLot;
        m.Ask = null;
        Stats.Fills++;
        _sink.OnOrder(ask.ToRecord(market, OrderStatus.Filled, s.Ts, null, s, eval, fee, firstLot));
    }

    private void ReconcileBid(MarketState m, QuoteIntent? want, string? blockedReason, in Snapshot s, ref LiquidityTier? tier)
    {
        if (m.Bid is { } resting && want is { } same && resting.Price == same.Price && resting.Shares == same.Shares)
        {
            return;
        }

        // A cancelled order records why: replaced by a new price/size, or the rule that now forbids the side.
        CancelBid(m, s.Ts, want is null ? blockedReason ?? "no_quote" : "replaced");
        if (want is { } w)
        {
            tier ??= LiquidityTiers.Classify(s);
            m.Bid = m.BidSlot.Place(++_nextSeq, w.Price, w.Shares, s, tier.Value, Money.Fee(w.Notional, _options.FeeBps));
            _restingBidNotional += w.Notional;
            _restingBidReserve += m.Bid.Reserve;
            Stats.Orders++;
        }
    }

    private void ReconcileAsk(MarketState m, QuoteIntent? want, string? blockedReason, in Snapshot s, ref LiquidityTier? tier)
    {
        if (m.Ask is { } resting && want is { } same && resting.Price == same.Price && resting.Shares == same.Shares)
        {
            return;
        }

        CancelAsk(m, s.Ts, want is null ? blockedReason ?? "no_inventory" : "replaced");
        if (want is { } w)
        {
            tier ??= LiquidityTiers.Classify(s);
            m.Ask = m.AskSlot.Place(++_nextSeq, w.Price, w.Shares, s, tier.Value, 0m);
            Stats.Orders++;
        }
    }

    private void CancelBid(MarketState m, DateTimeOffset ts, string reason)
    {
        if (m.Bid is not { } bid)
        {
            return;
        }

        _restingBidNotional -= bid.Notional;
        _restingBidReserve -= bid.Reserve;
        m.Bid = null;
        _sink.OnOrder(bid.ToRecord(m.Index, OrderStatus.Cancelled, ts, reason, null, default, null, null));
    }

    private void CancelAsk(MarketState m, DateTimeOffset ts, string reason)
    {
        if (m.Ask is not { } ask)
        {
            return;
        }

        m.Ask = null;
        _sink.OnOrder(ask.ToRecord(m.Index, OrderStatus.Cancelled, ts, reason, null, default, null, null));
    }

    private void TrackMaxCommitted()
    {
        var committed = Committed;
        if (committed > Stats.MaxCommitted)
        {
            Stats.MaxCommitted = committed;
        }
    }

    private sealed class MarketState(int index)
    {
        public int Index { get; } = index;
        public RestingOrder? Bid { get; set; }
        public RestingOrder? Ask { get; set; }
        public DateTimeOffset? LastTs { get; set; }
        public decimal? LastTradePrice { get; set; }

        // At most one resting order per side and market, and an order's record is emitted the moment it
        // ends: one object per side is reused for every order the market places (no allocation per order).
        public RestingOrder BidSlot { get; } = new(Side.Buy);
        public RestingOrder AskSlot { get; } = new(Side.Sell);
    }

    private sealed class RestingOrder(Side side)
    {
        private Snapshot _sent;

        public long Seq { get; private set; }
        public Side Side { get; } = side;
        public decimal Price { get; private set; }
        public decimal Shares { get; private set; }
        public ref readonly Snapshot Sent => ref _sent;
        public LiquidityTier Tier { get; private set; }
        public int Evaluations { get; set; }
        public FillDiagnostics LastDiagnostics { get; set; }

        public RestingOrder Place(long seq, decimal price, decimal shares, in Snapshot sent, LiquidityTier tier, decimal fee)
        {
            Seq = seq;
            Price = price;
            Shares = shares;
            Reserve = (price * shares) + fee;
            _sent = sent;
            Tier = tier;
            Evaluations = 0;
            LastDiagnostics = default;
            return this;
        }
        public decimal Notional => Price * Shares;

        /// <summary>Cash the order takes if it fills at its limit: notional plus fee (bids only; 0 for asks).</summary>
        public decimal Reserve { get; private set; }

        public OrderRecord ToRecord(int market, OrderStatus status, DateTimeOffset closedAt, string? cancelReason,
            Snapshot? fillSnapshot, FillEvaluation eval, decimal? fee, long? lotId) =>
            new(Seq, market, Side, Price, Shares, Sent, Tier, status, closedAt, cancelReason, fillSnapshot,
                status == OrderStatus.Filled ? eval.Price : null, fee,
                status == OrderStatus.Filled ? eval.PriceSource : null, LastDiagnostics, Evaluations, lotId);
    }
}
