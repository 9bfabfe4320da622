using System.Globalization;
using PolyMM.Core.Economics;
using PolyMM.Core.Execution;
using PolyMM.Core.Fills;
using PolyMM.Core.Instruments;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Core.Trust;

namespace PolyMM.Core.Engine;

/// <summary>
/// The trading engine of one run (docs/design.md#engine-loop), fed one market event at a time in event-time order across
/// markets by <see cref="EngineDriver"/>. Per event of a market: the venue's due entries and cancels take effect → the
/// market's book (and tick) is updated → a top of book is validated (an invalid one cancels the market's orders) → the
/// simulated gateway's matching model evaluates the market's live orders against the event → the strategy states the
/// quotes it wants from the book and the position after those fills → the order manager diffs them against the working
/// orders and sends cancels and submits through the gateway (docs/design.md#order-lifecycle). Order events come back to
/// <see cref="IOrderEventSink.OnOrderEvent"/>; every change is reported to the <see cref="ILedgerSink"/>. Backtest and
/// paper runs differ only in who feeds it.
/// </summary>
public sealed class MarketMakingEngine : IOrderEventSink, IMarketContextSource
{
    private readonly EngineOptions _options;
    private readonly IQuotingStrategy _strategy;
    private readonly ILedgerSink _sink;
    private readonly MarketState[] _markets;
    private readonly SimulatedGateway? _venue;
    private readonly IOrderGateway _gateway;
    private readonly Dictionary<long, EngineOrder> _orders = [];
    private readonly Stack<EngineOrder> _pool = new();
    private readonly List<LotRecord> _lotBuffer = new(4);
    private readonly List<EngineOrder> _finishing = [];
    private readonly Action<LotRecord> _collectLot;
    private readonly FillFees _fees;
    private readonly RewardAccrual? _rewards;
    private readonly RewardOrder[] _rewardOrders = new RewardOrder[8];

    // Each market's venue minimum order size in shares (0: unknown, no minimum; docs/design.md#quoting).
    private readonly decimal[] _minOrderSize;

    // Remaining notional of every working bid (in flight, live or with a cancel in flight), and what those bids would take
    // from cash if they all filled (notional plus fee): the caps and the cash check count them all.
    private decimal _bidNotional;
    private decimal _bidReserve;
    private long _nextSeq;
    private long _tick;
    private DateTimeOffset _now = DateTimeOffset.MinValue;
    private bool _quoting;
    private bool _ending;

    /// <summary>An engine over <paramref name="instruments"/> (index = position in the list) with a simulated venue.</summary>
    public MarketMakingEngine(EngineOptions options, decimal bankroll, IReadOnlyList<InstrumentSpec> instruments, IMatchingModel model,
        ILedgerSink sink, IQuotingStrategy? strategy = null, Func<IOrderEventSink, IMarketContextSource, IOrderGateway>? gateway = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(instruments);
        _options = options;
        _strategy = strategy ?? new KTickStrategy(options.Quote);
        _sink = sink;
        Instruments = instruments;
        _markets = new MarketState[instruments.Count];
        _minOrderSize = new decimal[instruments.Count];
        for (var i = 0; i < _markets.Length; i++)
        {
            if (instruments[i].Index != i)
            {
                throw new ArgumentException($"instrument {instruments[i].ConditionId} has index {instruments[i].Index}, expected {i}", nameof(instruments));
            }

            _markets[i] = new MarketState(i, instruments[i].TickSize > 0m ? instruments[i].TickSize : options.Quote.TickSize);
            _minOrderSize[i] = Math.Max(instruments[i].MinOrderSize, 0m);
        }

        Portfolio = new Portfolio(bankroll, _markets.Length);
        _fees = new FillFees(instruments, options.FeeBps, useSchedules: !options.ForceFlatFee);
        var rewards = new RewardAccrual(instruments, sink);
        _rewards = rewards.Any ? rewards : null;
        // The simulated venue unless another gateway is plugged in (tests do, to play a misbehaving venue).
        if (gateway is null)
        {
            _venue = new SimulatedGateway(model, this, this, _markets.Length, options.EntryLatency, options.CancelLatency, options.DrawnLatency,
                _minOrderSize);
            _gateway = _venue;
        }
        else
        {
            _gateway = gateway(this, this);
        }

        MatchingModel = model;

        // One delegate for the run rather than a closure per fill: the hot path allocates nothing.
        _collectLot = _lotBuffer.Add;
    }

    /// <summary>Markets named by index only, each with the options' tick (tests and tools without instrument metadata).</summary>
    public MarketMakingEngine(EngineOptions options, decimal bankroll, int marketCount, IFillModel fillModel, ILedgerSink sink)
        : this(options, bankroll, DefaultInstruments(options, marketCount), AsMatching(fillModel), sink)
    {
    }

    public IReadOnlyList<InstrumentSpec> Instruments { get; }

    /// <summary>The run's fee rule per market (docs/design.md#fees).</summary>
    public FillFees Fees => _fees;

    public Portfolio Portfolio { get; }

    public EngineStats Stats { get; } = new();

    /// <summary>The simulated venue's matching model.</summary>
    public IMatchingModel MatchingModel { get; }

    /// <summary>Open cost basis plus the notional of every working bid, all markets: what the total cap bounds.</summary>
    public decimal Committed => Portfolio.OpenCost + _bidNotional;

    /// <summary>Cash minus what every working bid would take if it filled (notional and fee); never negative.</summary>
    public decimal AvailableCash => Portfolio.Cash - _bidReserve;

    /// <summary>The current tick of a market (its instrument's, changed by tick-size events).</summary>
    public decimal TickSize(int market) => _markets[market].Tick;

    /// <summary>The working bid of a market the strategy currently wants (in flight or live) as (price, shares), or null.</summary>
    public QuoteIntent? RestingBid(int market) => _markets[market].Bid is { } b ? new QuoteIntent(b.Price, b.Shares) : null;

    /// <summary>The working ask of a market as (price, shares), or null.</summary>
    public QuoteIntent? RestingAsk(int market) => _markets[market].Ask is { } a ? new QuoteIntent(a.Price, a.Shares) : null;

    /// <summary>Orders sent and not yet ended (in flight, live, or with a cancel in flight).</summary>
    public int WorkingOrders => _orders.Count;

    public bool FillLimitReached => _options.MaxFills > 0 && Stats.Fills >= _options.MaxFills;

    bool IOrderEventSink.Halted => FillLimitReached;

    MatchContext IMarketContextSource.ContextOf(int market)
    {
        var m = _markets[market];
        return new MatchContext(m.Top, m.PreviousLtp, m.Tick, m.Book);
    }

    /// <summary>Processes one top-of-book row of market <paramref name="market"/> (a <see cref="MarketEventKind.TopOfBook"/> event).</summary>
    public void OnSnapshot(int market, in Snapshot s) => OnEvent(MarketEvent.TopOfBook(market, s, 0));

    /// <summary>Processes one market event.</summary>
    public void OnEvent(in MarketEvent e)
    {
        Stats.MarketEvents++;
        switch (e.Kind)
        {
            case MarketEventKind.TopOfBook:
                Stats.Snapshots++;
                OnTop(e, e.Top, fromRow: true);
                break;
            case MarketEventKind.Trade:
                OnTrade(e);
                break;
            case MarketEventKind.TickSizeChange:
                OnTickSize(e);
                break;
            case MarketEventKind.BookSnapshot:
            case MarketEventKind.LevelChange:
                OnBook(e);
                break;
            default:
                EngineStats.Count(Stats.SkippedEvents, "unknown_kind");
                break;
        }
    }

    /// <summary>Closes a tick: reports the run's cash, marked value and exposure at <paramref name="ts"/>.</summary>
    public void EndTick(DateTimeOffset ts)
    {
        _sink.OnTick(Sample(_tick++, ts));
    }

    /// <summary>
    /// Ends the run: cancels every working order (each closes when its cancel takes effect, at most the cancel latency after
    /// <paramref name="ts"/>; no event can fill it any more) and reports open lots at their marks.
    /// </summary>
    public void Finish(DateTimeOffset ts, string reason = OrderReasons.RunEnd)
    {
        _ending = true;
        Advance(ts);

        // The run's last minute is sampled with the orders still resting, before the run's cancels (docs/design.md#rewards).
        if (_rewards is not null && _rewards.Final(ts, out var lastMinute, out var covered))
        {
            SampleRewards(lastMinute, covered);
        }
        for (var i = 0; i < _markets.Length; i++)
        {
            var m = _markets[i];
            if (m.Bid is { } bid)
            {
                RequestCancel(bid, ts, reason);
            }

            if (m.Ask is { } ask)
            {
                RequestCancel(ask, ts, reason);
            }

            // Orders of this market with a cancel already in flight, or that are still entering, end with it too.
            _finishing.Clear();
            foreach (var o in _orders.Values)
            {
                if (o.Market == i && !o.CancelRequested)
                {
                    _finishing.Add(o);
                }
            }

            foreach (var o in _finishing)
            {
                RequestCancel(o, ts, reason);
            }

            foreach (var lot in Portfolio.OpenLots(i))
            {
                _sink.OnLot(LotRecord.Open(lot, Portfolio.Mark(i)));
            }
        }

        // With latency, the entries and cancels still in flight resolve now; nothing can fill them.
        var settle = _options.EntryLatency > _options.CancelLatency ? _options.EntryLatency : _options.CancelLatency;
        if (_options.DrawnLatency is { } drawn && drawn.Max > settle)
        {
            settle = drawn.Max;
        }

        if (settle > TimeSpan.Zero)
        {
            _gateway.AdvanceTo(ts + settle + settle);
        }
    }

    void IOrderEventSink.OnOrderEvent(in OrderEvent e)
    {
        if (!_orders.TryGetValue(e.Seq, out var o))
        {
            Integrity(OrderReasons.UnknownOrder, $"{e.Kind} event for order seq {e.Seq}, which the engine has no working order for", e.Seq);
            return;
        }

        if (e.Evaluations > o.Evaluations)
        {
            o.Evaluations = e.Evaluations;
        }

        switch (e.Kind)
        {
            case OrderEventKind.Accepted:
                o.Accepted = true;
                o.LiveAt = e.Ts;
                _sink.OnOrder(o.Update(OrderStatus.Open, null, null));
                break;
            case OrderEventKind.Rejected:
                EngineStats.Count(Stats.Rejections, e.Reason ?? "rejected");
                o.LiveAt = e.Ts;
                End(o, OrderStatus.Rejected, e.Ts, e.Reason);
                break;
            case OrderEventKind.Cancelled:
                {
                    var market = o.Market;
                    End(o, OrderStatus.Cancelled, e.Ts, e.Reason ?? o.CancelReason);
                    // A cancel that took effect later than it was sent frees caps, cash or shares a replacement may have
                    // been waiting for: the market quotes again at that moment (its reasons are not counted twice).
                    if (!_quoting && !_ending)
                    {
                        Requote(_markets[market], e.Ts, countReasons: false);
                    }

                    break;
                }

            case OrderEventKind.Filled:
                OnFill(o, e);
                break;
        }
    }

    private void Advance(DateTimeOffset ts)
    {
        if (ts > _now)
        {
            _now = ts;
            _gateway.AdvanceTo(ts);
            if (_rewards is not null && _rewards.Due(ts, out var minute, out var covered))
            {
                SampleRewards(minute, covered);
            }
        }
    }

    // Once per minute of event time: every market with reward terms is scored with our orders resting on the venue
    // (accepted, not yet ended: a cancel in flight still rests) against its displayed book (docs/design.md#rewards).
    private void SampleRewards(DateTimeOffset minute, decimal covered)
    {
        for (var i = 0; i < _markets.Length; i++)
        {
            if (!_rewards!.Scores(i))
            {
                continue;
            }

            var m = _markets[i];
            var n = 0;
            foreach (var o in _orders.Values)
            {
                if (o.Market == i && o.Accepted && o.Remaining > 0m && n < _rewardOrders.Length)
                {
                    _rewardOrders[n++] = new RewardOrder(Outcome.Yes, o.Side, o.Price, o.Remaining);
                }
            }

            _rewards.Sample(i, minute, covered, m.Book.LevelsOf(Side.Buy), m.Book.LevelsOf(Side.Sell), _rewardOrders.AsSpan(0, n),
                m.FullBook, m.HasTop ? m.Top.MidPrice : null);
        }
    }

    private void OnTop(in MarketEvent e, in Snapshot s, bool fromRow)
    {
        var m = _markets[e.Instrument];
        Advance(s.Ts);

        // Event time never runs backwards within a market: an out-of-order row or a skewed venue clock
        // would corrupt hold times and time-to-fill, so it is counted and skipped. A polled row at the same time as the
        // previous one is a repeat; book events at the same time are one venue message's several changes and all count
        // (docs/design.md#engine-loop).
        if (m.LastTs is { } last && (fromRow ? s.Ts <= last : s.Ts < last))
        {
            EngineStats.Count(Stats.InvalidSnapshots, SnapshotValidator.NonMonotonicTs);
            return;
        }

        m.LastTs = s.Ts;

        // The previous row's print tells the matching model whether this row's print is a new trade.
        var previousLtp = m.LastLtp;
        m.LastLtp = s.LastTradePrice;
        // A top built from the book (not a polled row) carries the book's own mid already.
        var invalid = SnapshotValidator.Validate(s, out var mid, midIsBookMid: !fromRow);
        if (invalid is not null)
        {
            EngineStats.Count(Stats.InvalidSnapshots, invalid);
            m.HasTop = false;
            CancelMarket(m, s.Ts, OrderReasons.InvalidSnapshot);
            return;
        }

        if (fromRow)
        {
            m.Book.SetTop(s);
            m.FullBook = false;
        }

        m.Top = s;
        m.PreviousLtp = previousLtp;
        m.HasTop = true;
        Portfolio.SetMark(m.Index, mid);
        SampleMark(m, s.Ts, force: false);

        _gateway.OnMarketEvent(e, new MatchContext(s, previousLtp, m.Tick, m.Book));
        Stats.FillEvaluations = _venue?.Evaluations ?? 0;
        if (FillLimitReached)
        {
            return;
        }

        Requote(m, s.Ts, countReasons: true);
    }

    private void OnTrade(in MarketEvent e)
    {
        var m = _markets[e.Instrument];
        Advance(e.TsEvent);
        if (e.Token != Outcome.Yes && _venue?.Model.MirrorsComplement != true)
        {
            // Our orders rest on the YES token; a NO-token print matters only to a model that mirrors it
            // (docs/design.md#queue-model).
            return;
        }

        _gateway.OnMarketEvent(e, new MatchContext(m.Top, null, m.Tick, m.Book));
        Stats.FillEvaluations = _venue?.Evaluations ?? 0;
    }

    private void OnTickSize(in MarketEvent e)
    {
        var m = _markets[e.Instrument];
        Advance(e.TsEvent);
        if (e.TickSize <= 0m || e.TickSize >= 1m)
        {
            EngineStats.Count(Stats.SkippedEvents, "invalid_tick_size");
            return;
        }

        // The grid moved: quotes on the old grid are replaced at once (docs/design.md#instruments).
        m.Tick = e.TickSize;
        if (!FillLimitReached)
        {
            Requote(m, e.TsEvent, countReasons: true);
        }
    }

    private void OnBook(in MarketEvent e)
    {
        var m = _markets[e.Instrument];
        if (e.Token != Outcome.Yes)
        {
            // The engine quotes the YES token; the NO token's book is for models that mirror it.
            Advance(e.TsEvent);
            return;
        }

        // A book event carries the whole YES book, not just its touch (what the reward estimate sees; docs/design.md#rewards).
        m.FullBook = true;
        if (e.Kind == MarketEventKind.BookSnapshot && e.Book is { } levels)
        {
            m.Book.ApplySnapshot(levels);
        }
        else if (e.Kind == MarketEventKind.LevelChange)
        {
            m.Book.ApplyLevel(e.Side, e.Price, e.Size);
        }

        var bid = m.Book.BestBid;
        var ask = m.Book.BestAsk;
        decimal? mid = bid is { } b && ask is { } a ? DecimalMath.Half(b.Price + a.Price) : null;
        var top = new Snapshot(e.TsEvent, bid?.Price, ask?.Price, mid, bid?.Size, ask?.Size, m.LastLtp);
        OnTop(e, top, fromRow: false);
    }

    private void Requote(MarketState m, DateTimeOffset now, bool countReasons)
    {
        if (!m.HasTop)
        {
            return;
        }

        _quoting = true;
        try
        {
            Quote(m, now, countReasons);
        }
        finally
        {
            _quoting = false;
        }
    }

    private void Quote(MarketState m, DateTimeOffset now, bool countReasons)
    {
        var market = m.Index;
        var own = m.Bid;
        var ownNotional = own?.NotionalLeft ?? 0m;
        var ownReserve = own?.ReserveLeft ?? 0m;
        var ctx = new QuoteContext(
            Portfolio.SharesHeld(market),
            Portfolio.OpenCostOf(market) + (m.BidNotional - ownNotional),
            Committed - ownNotional,
            Portfolio.OldestLotOpenedAt(market),
            now,
            Portfolio.Cash - (_bidReserve - ownReserve),
            _options.FeeBps,
            _fees.Schedule(market),
            _minOrderSize[market]);
        var decision = _strategy.Quote(m.Top, ctx, m.Tick, ref m.Memo);
        if (decision.PauseReason is { } pause)
        {
            Count(countReasons, pause);
            CancelMarket(m, now, pause);
            return;
        }

        if (decision.BidBlockedReason is { } bidReason)
        {
            Count(countReasons, bidReason);
        }

        if (decision.AskBlockedReason is { } askReason)
        {
            Count(countReasons, askReason);
        }

        if (decision.ClampedPassive > 0)
        {
            Count(countReasons, QuoteReasons.ClampedPassive, decision.ClampedPassive);
        }

        // The tier is stored with new orders only; most events place none, so it is classified lazily.
        LiquidityTier? tier = null;
        ReconcileBid(m, decision.Bid, decision.BidBlockedReason, now, countReasons, ref tier);
        ReconcileAsk(m, decision.Ask, decision.AskBlockedReason, now, countReasons, ref tier);
        TrackMaxCommitted();
    }

    private void Count(bool counting, string reason, long n = 1)
    {
        if (counting)
        {
            EngineStats.Count(Stats.PauseReasons, reason, n);
        }
    }

    private void ReconcileBid(MarketState m, QuoteIntent? want, string? blockedReason, DateTimeOffset now, bool countReasons, ref LiquidityTier? tier)
    {
        if (m.Bid is { } working && want is { } same && working.Price == same.Price && working.Shares == same.Shares)
        {
            return;
        }

        // A cancelled order records why: replaced by a new price/size, or the rule that now forbids the side.
        if (m.Bid is { } old)
        {
            RequestCancel(old, now, want is null ? blockedReason ?? "no_quote" : OrderReasons.Replaced);
        }

        if (want is not { } w)
        {
            return;
        }

        // A predecessor whose cancel is still in flight can fill until it lands: it keeps counting against the caps and
        // the cash, so a replacement that would not fit beside it waits for the cancel (docs/design.md#order-lifecycle).
        var notional = w.Notional;
        var q = _options.Quote;
        if (Portfolio.OpenCostOf(m.Index) + m.BidNotional + notional > q.MaxPerMarketExposureUsd
            || Committed + notional > q.MaxExposureUsd
            || notional + _fees.BidReserve(m.Index, w.Shares, w.Price) > Portfolio.Cash - _bidReserve)
        {
            Count(countReasons, OrderReasons.AwaitingCancel);
            return;
        }

        tier ??= LiquidityTiers.Classify(m.Top);
        Place(m, Side.Buy, w, now, tier.Value);
    }

    private void ReconcileAsk(MarketState m, QuoteIntent? want, string? blockedReason, DateTimeOffset now, bool countReasons, ref LiquidityTier? tier)
    {
        if (m.Ask is { } working && want is { } same && working.Price == same.Price && working.Shares == same.Shares)
        {
            return;
        }

        if (m.Ask is { } old)
        {
            RequestCancel(old, now, want is null ? blockedReason ?? "no_inventory" : OrderReasons.Replaced);
        }

        if (want is not { } w)
        {
            return;
        }

        // Long-only at every instant: asks still working (a cancel in flight) keep their shares until the cancel lands.
        if (w.Shares > Portfolio.SharesHeld(m.Index) - m.AskShares)
        {
            Count(countReasons, OrderReasons.AwaitingCancel);
            return;
        }

        tier ??= LiquidityTiers.Classify(m.Top);
        Place(m, Side.Sell, w, now, tier.Value);
    }

    private void Place(MarketState m, Side side, QuoteIntent w, DateTimeOffset now, LiquidityTier tier)
    {
        var o = _pool.Count > 0 ? _pool.Pop() : new EngineOrder();
        var fee = side == Side.Buy ? _fees.BidReserve(m.Index, w.Shares, w.Price) : 0m;
        o.Reset(++_nextSeq, m.Index, side, w.Price, w.Shares, m.Top, tier, now, now + _options.EntryLatency, fee);
        _orders.Add(o.Seq, o);
        if (side == Side.Buy)
        {
            m.Bid = o;
            m.BidNotional += o.NotionalLeft;
            _bidNotional += o.NotionalLeft;
            _bidReserve += o.ReserveLeft;
        }
        else
        {
            m.Ask = o;
            m.AskShares += o.Shares;
        }

        Stats.Orders++;
        _gateway.Submit(new SubmitOrder(o.Seq, m.Index, side, w.Price, w.Shares, now));
    }

    private void CancelMarket(MarketState m, DateTimeOffset now, string reason)
    {
        if (m.Bid is { } bid)
        {
            RequestCancel(bid, now, reason);
        }

        if (m.Ask is { } ask)
        {
            RequestCancel(ask, now, reason);
        }
    }

    private void RequestCancel(EngineOrder o, DateTimeOffset now, string reason)
    {
        if (o.CancelRequested)
        {
            return;
        }

        o.CancelRequested = true;
        o.CancelReason = reason;
        var m = _markets[o.Market];
        if (m.Bid == o)
        {
            m.Bid = null;
        }
        else if (m.Ask == o)
        {
            m.Ask = null;
        }

        _gateway.Cancel(new CancelOrder(o.Seq, o.Market, now, reason));
    }

    private void OnFill(EngineOrder o, in OrderEvent e)
    {
        if (e.Shares <= 0m || e.Shares > o.Remaining)
        {
            Integrity(OrderReasons.FillExceedsRemaining,
                string.Create(CultureInfo.InvariantCulture, $"fill {e.FillId} of {e.Shares} shares for order seq {o.Seq}, which has {o.Remaining} of {o.Shares} left"), o.Seq);
            return;
        }

        var m = _markets[o.Market];
        // The market's fee schedule or the flat rule (docs/design.md#fees); a maker's rebate stays outside cash.
        var fee = _fees.Fee(o.Market, e.Shares, e.Price, e.IsMaker);
        var fill = new FillRecord(e.FillId, o.Seq, o.Market, o.Side, e.Ts, e.Shares, e.Price, fee, e.IsMaker, e.PriceSource,
            e.Reason ?? string.Empty, m.Top, e.Diagnostics, null)
        { Rebate = _fees.Rebate(o.Market, e.Shares, e.Price, e.IsMaker) };
        _lotBuffer.Clear();
        var applied = Portfolio.Apply(fill, _collectLot);
        if (!applied.Applied)
        {
            Integrity(applied.Refusal == FillRefusal.DuplicateFillId ? OrderReasons.DuplicateFillId : "negative_inventory",
                string.Create(CultureInfo.InvariantCulture, $"fill {e.FillId} of order seq {o.Seq} refused by the portfolio: {applied.Refusal}"), o.Seq);
            return;
        }

        Stats.Fills++;
        _sink.OnFill(fill with { LotId = applied.LotId });
        foreach (var lot in _lotBuffer)
        {
            _sink.OnLot(lot);
        }

        o.Filled += e.Shares;
        o.FillCount++;
        if (o.Side == Side.Buy)
        {
            var notional = e.Shares * e.Price;
            var reserve = Math.Min(o.ReserveLeft, notional + fee);
            m.BidNotional -= notional;
            _bidNotional -= notional;
            o.NotionalLeft -= notional;
            o.ReserveLeft -= reserve;
            _bidReserve -= reserve;
        }
        else
        {
            m.AskShares -= e.Shares;
        }

        if (o.Remaining == 0m)
        {
            End(o, OrderStatus.Filled, e.Ts, null);
        }
        else
        {
            _sink.OnOrder(o.Update(OrderStatus.PartiallyFilled, null, null));
        }

        SampleMark(m, e.Ts, force: true);
        _sink.OnTick(Sample(_tick, e.Ts) with { AtFill = true });
    }

    private void End(EngineOrder o, OrderStatus status, DateTimeOffset ts, string? reason)
    {
        _orders.Remove(o.Seq);
        var m = _markets[o.Market];
        if (o.Side == Side.Buy)
        {
            m.BidNotional -= o.NotionalLeft;
            _bidNotional -= o.NotionalLeft;
            _bidReserve -= o.ReserveLeft;
            o.NotionalLeft = 0m;
            o.ReserveLeft = 0m;
        }
        else
        {
            m.AskShares -= o.Remaining;
        }

        if (m.Bid == o)
        {
            m.Bid = null;
        }
        else if (m.Ask == o)
        {
            m.Ask = null;
        }

        _sink.OnOrder(o.Update(status, ts, reason));
        _pool.Push(o);
    }

    private void SampleMark(MarketState m, DateTimeOffset ts, bool force)
    {
        if (Portfolio.Mark(m.Index) is not { } mark)
        {
            return;
        }

        // At every fill, and at the first change of the mark in each second of event time (docs/design.md#ledger).
        var second = ts.UtcTicks / TimeSpan.TicksPerSecond;
        if (force || (mark != m.SampledMark && second != m.SampledSecond))
        {
            m.SampledMark = mark;
            m.SampledSecond = second;
            _sink.OnMark(new MarkSample(m.Index, ts, mark));
        }
    }

    private TickSample Sample(long tick, DateTimeOffset ts) =>
        new(tick, ts, Portfolio.Cash, Portfolio.OpenValue, Portfolio.OpenCost, Committed);

    private void Integrity(string code, string message, long seq) =>
        Stats.Integrity.Add(new GateIssue(code, message, seq.ToString(CultureInfo.InvariantCulture)));

    private void TrackMaxCommitted()
    {
        var committed = Committed;
        if (committed > Stats.MaxCommitted)
        {
            Stats.MaxCommitted = committed;
        }
    }

    private static InstrumentSpec[] DefaultInstruments(EngineOptions options, int count)
    {
        var list = new InstrumentSpec[count];
        for (var i = 0; i < count; i++)
        {
            var id = "market-" + i.ToString(CultureInfo.InvariantCulture);
            list[i] = new InstrumentSpec(i, id, id, string.Empty, options.Quote.TickSize, 0m);
        }

        return list;
    }

    private static IMatchingModel AsMatching(IFillModel model) => model as IMatchingModel ?? new PerRowMatchingModel(model);

    private sealed class MarketState(int index, decimal tick)
    {
        public int Index { get; } = index;
        public decimal Tick { get; set; } = tick;
        public OrderBook Book { get; } = new();
        // A field, not a property: the engine passes it by reference (docs/design.md#performance-notes).
        public Snapshot Top;
        public bool HasTop { get; set; }
        public decimal? PreviousLtp { get; set; }
        public DateTimeOffset? LastTs { get; set; }
        public decimal? LastLtp { get; set; }

        /// <summary>True once book events (not top-of-book rows) keep <see cref="Book"/>: every displayed level is known.</summary>
        public bool FullBook { get; set; }

        /// <summary>The bid and ask the strategy currently wants (in flight or live; not those with a cancel in flight).</summary>
        public EngineOrder? Bid { get; set; }

        public EngineOrder? Ask { get; set; }

        /// <summary>Remaining notional of every working bid of the market, including those with a cancel in flight.</summary>
        public decimal BidNotional { get; set; }

        /// <summary>Remaining shares of every working ask of the market, including those with a cancel in flight.</summary>
        public decimal AskShares { get; set; }

        public decimal SampledMark { get; set; } = -1m;
        public long SampledSecond { get; set; } = long.MinValue;

        /// <summary>The strategy's scratch state for this market (docs/design.md#quote-memo); a field, passed by reference.</summary>
#pragma warning disable SA1401 // A field on purpose: the strategy updates it in place.
        public QuoteMemo Memo;
#pragma warning restore SA1401
    }

    private sealed class EngineOrder
    {
        public long Seq { get; private set; }
        public int Market { get; private set; }
        public Side Side { get; private set; }
        public decimal Price { get; private set; }
        public decimal Shares { get; private set; }
        public decimal Filled { get; set; }
        public int FillCount { get; set; }
        public Snapshot Sent { get; private set; }
        public LiquidityTier Tier { get; private set; }
        public DateTimeOffset SentAt { get; private set; }
        public DateTimeOffset LiveAt { get; set; }
        public bool Accepted { get; set; }
        public bool CancelRequested { get; set; }
        public string? CancelReason { get; set; }
        public int Evaluations { get; set; }
        public decimal NotionalLeft { get; set; }
        public decimal ReserveLeft { get; set; }
        public decimal Remaining => Shares - Filled;

        public void Reset(long seq, int market, Side side, decimal price, decimal shares, in Snapshot sent, LiquidityTier tier,
            DateTimeOffset sentAt, DateTimeOffset liveAt, decimal fee)
        {
            Seq = seq;
            Market = market;
            Side = side;
            Price = price;
            Shares = shares;
            Filled = 0m;
            FillCount = 0;
            Sent = sent;
            Tier = tier;
            SentAt = sentAt;
            LiveAt = liveAt;
            Accepted = false;
            CancelRequested = false;
            CancelReason = null;
            Evaluations = 0;
            NotionalLeft = side == Side.Buy ? price * shares : 0m;
            ReserveLeft = side == Side.Buy ? (price * shares) + fee : 0m;
        }

        public OrderUpdate Update(OrderStatus status, DateTimeOffset? closedAt, string? reason) =>
            new(Seq, Market, Side, Price, Shares, Sent, Tier, SentAt, LiveAt, status, Filled, FillCount, closedAt, reason, Evaluations);
    }
}
