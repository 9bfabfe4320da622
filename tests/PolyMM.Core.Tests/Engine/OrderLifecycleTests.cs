using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

/// <summary>Latency, post-only rejects, partial fills, tick-size changes and refused order events (docs/design.md#order-lifecycle).</summary>
public sealed class OrderLifecycleTests
{
    private static readonly TimeSpan Ms100 = TimeSpan.FromMilliseconds(100);

    // Defaults on a 0.495/0.505 book (mid 0.5, tick 0.01, k 2): bid 0.48 × 20.83 shares (10 / 0.48 = 20.833…).
    private static Snapshot Book(double seconds, decimal bid, decimal ask, decimal? ltp) => Snap.Book(seconds, bid, ask, ltp);

    private static InstrumentSpec[] One(decimal tick = 0.01m) => [new InstrumentSpec(0, "m", "m-yes", "m-no", tick, 5m)];

    private static MarketMakingEngine Create(CollectingSink sink, EngineOptions options, IMatchingModel? model = null) =>
        new(options, 1000m, One(options.Quote.TickSize), model ?? new TradeThroughFillModel(), sink);

    [Fact]
    public void OnSnapshot_PrintBeforeSendPlusLatency_DoesNotFill()
    {
        // Arrange: 100 ms latency. The bid 0.48 is sent at 0 s and live from 0.1 s; a new print 0.47 (through it) at 0.05 s.
        var sink = new CollectingSink();
        var engine = Create(sink, new EngineOptions { EntryLatency = Ms100, CancelLatency = Ms100 });

        // Act
        engine.OnSnapshot(0, Book(0, 0.495m, 0.505m, 0.50m));
        engine.OnSnapshot(0, Book(0.05, 0.495m, 0.505m, 0.47m));

        // Assert: the print happened before the order was live: no fill, not even evaluated; accepted only at 0.1 s
        // (reported when event time passed it, at the next event).
        Assert.Empty(sink.Fills);
        Assert.Equal(0, engine.Stats.FillEvaluations);
        engine.OnSnapshot(0, Book(0.2, 0.495m, 0.505m, 0.47m));
        var accepted = Assert.Single(sink.Updates, u => u.Seq == 1 && u.Status == OrderStatus.Open);
        Assert.Equal(Snap.At(0.1), accepted.LiveAt);
        Assert.Equal(Snap.At(0), accepted.SentAt);
        Assert.Empty(sink.Fills);
    }

    [Fact]
    public void OnSnapshot_SamePrintWithoutLatency_Fills()
    {
        // The control of the test above: with latency 0 the order is live at 0 s and the 0.05 s print fills it.
        var sink = new CollectingSink();
        var engine = Create(sink, new EngineOptions());

        engine.OnSnapshot(0, Book(0, 0.495m, 0.505m, 0.50m));
        engine.OnSnapshot(0, Book(0.05, 0.495m, 0.505m, 0.47m));

        var fill = Assert.Single(sink.Fills);
        Assert.Equal((1L, 20.83m, 0.48m), (fill.OrderSeq, fill.Shares, fill.Price));
    }

    [Fact]
    public void OnSnapshot_CancelInFlight_OrderStillFills()
    {
        // Arrange: bid 0.48 live from 0.1 s. At 1 s the book moves up (0.505/0.515, mid 0.51): the strategy wants 0.49, so
        // it cancels the 0.48 bid at 1 s (effective 1.1 s) and sends 0.49 (live 1.1 s). A new print 0.46 at 1.05 s.
        var sink = new CollectingSink();
        var engine = Create(sink, new EngineOptions { EntryLatency = Ms100, CancelLatency = Ms100 });

        // Act
        engine.OnSnapshot(0, Book(0, 0.495m, 0.505m, 0.50m));
        engine.OnSnapshot(0, Book(1, 0.505m, 0.515m, 0.50m));
        engine.OnSnapshot(0, Book(1.05, 0.505m, 0.515m, 0.46m));

        // Assert: the 0.48 bid, whose cancel was still in flight, filled; the 0.49 bid was not live yet and did not.
        var fill = Assert.Single(sink.Fills);
        Assert.Equal((1L, 0.48m, 20.83m, Snap.At(1.05)), (fill.OrderSeq, fill.Price, fill.Shares, fill.Ts));
        var ended = Assert.Single(sink.Ended, u => u.Seq == 1);
        Assert.Equal(OrderStatus.Filled, ended.Status);
        Assert.DoesNotContain(sink.Fills, f => f.OrderSeq == 2);
        Assert.Equal(20.83m, engine.Portfolio.SharesHeld(0));
    }

    [Fact]
    public void OnSnapshot_BookCrossesOrderBeforeItIsLive_RejectedPostOnly()
    {
        // Arrange: k = 0 on 0.49/0.51 (mid 0.5): bid 0.495 floored to 0.49, sent at 0 s, live at 0.1 s. At 0.05 s the book
        // drops to 0.47/0.48: when the bid becomes live the best ask 0.48 is below its 0.49 limit.
        var sink = new CollectingSink();
        var engine = Create(sink, new EngineOptions { Quote = new QuoteParams { KTicks = 0 }, EntryLatency = Ms100, CancelLatency = Ms100 });

        // Act
        engine.OnSnapshot(0, Book(0, 0.49m, 0.51m, 0.50m));
        engine.OnSnapshot(0, Book(0.05, 0.47m, 0.48m, 0.50m));
        engine.OnSnapshot(0, Book(0.2, 0.47m, 0.48m, 0.50m));

        // Assert: rejected, never a taker fill; the reason is stored with the order.
        var rejected = Assert.Single(sink.Updates, u => u.Status == OrderStatus.Rejected);
        Assert.Equal((1L, 0.49m, OrderReasons.PostOnlyWouldCross, Snap.At(0.1)), (rejected.Seq, rejected.Price, rejected.Reason, rejected.ClosedAt));
        Assert.Empty(sink.Fills);
        Assert.Equal(1, engine.Stats.Rejections[OrderReasons.PostOnlyWouldCross]);
        Assert.DoesNotContain(sink.Updates, u => u.Seq == 1 && u.Status == OrderStatus.Open);
    }

    [Fact]
    public void OnSnapshot_HalfThenRestModel_TwoFillsOneOrderIdentityExact()
    {
        // Arrange: no skew, so the partially filled bid keeps its price and is not replaced. Bid 0.48 × 20.83.
        var sink = new CollectingSink();
        var model = new HalfThenRestModel();
        var engine = Create(sink, new EngineOptions { Quote = new QuoteParams { SkewTicks = 0m } }, model);

        // Act
        engine.OnSnapshot(0, Book(0, 0.495m, 0.505m, 0.50m));
        engine.OnSnapshot(0, Book(2, 0.495m, 0.505m, 0.50m));
        engine.OnSnapshot(0, Book(4, 0.495m, 0.505m, 0.50m));

        // Assert: fills 10.41 (floor of 20.83 / 2) then 10.42, each with its own id, fee and the order's limit.
        var fills = sink.FillsOf(1).ToList();
        Assert.Equal([10.41m, 10.42m], fills.Select(f => f.Shares));
        Assert.Equal(2, fills.Select(f => f.FillId).Distinct().Count());
        Assert.All(fills, f => Assert.Equal(0.48m, f.Price));

        // fees: 10.41 × 0.48 = 4.9968 → 2 bps = 0.00099936 → 0.000999; 10.42 × 0.48 = 5.0016 → 0.00100032 → 0.001.
        Assert.Equal([0.000999m, 0.001m], fills.Select(f => f.Fee));
        var updates = sink.Updates.Where(u => u.Seq == 1).Select(u => (u.Status, u.FilledShares, u.FillCount)).ToList();
        Assert.Equal([(OrderStatus.Open, 0m, 0), (OrderStatus.PartiallyFilled, 10.41m, 1), (OrderStatus.Filled, 20.83m, 2)], updates);

        // The fill comes before the order's update, and each fill opens its own lot.
        var firstFill = sink.Events.IndexOf(fills[0]);
        Assert.True(firstFill < sink.Events.FindIndex(e => e is OrderUpdate { Seq: 1, Status: OrderStatus.PartiallyFilled }));
        Assert.Equal([1L, 2L], sink.Lots.Where(l => !l.Closed).Select(l => l.Id).Distinct().Order());

        // Identity, exact. The two buy fills alone: cash = 1000 − 9.9984 − 0.001999 = 989.999601; the model also fills half of
        // the ask placed after the first fill, so cash is checked against every fill the sink saw.
        var p = engine.Portfolio;
        Assert.Equal(p.Realized + p.Unrealized - p.Fees, p.TotalValue - p.Bankroll);
        Assert.Equal(p.Bankroll - sink.Fills.Where(f => f.Side == Side.Buy).Sum(f => f.Notional) + sink.Fills.Where(f => f.Side == Side.Sell).Sum(f => f.Notional)
            - sink.Fills.Sum(f => f.Fee), p.Cash);
        Assert.Contains(1L, model.Accepted);
        Assert.Contains(1L, model.Closed);
    }

    [Fact]
    public void OnEvent_TickSizeChange_MovesTheGrid()
    {
        // Arrange: tick 0.01, k 2 on mid 0.5: bid 0.48. Then the venue's tick becomes 0.001: bid 0.5 − 0.002 = 0.498.
        var sink = new CollectingSink();
        var engine = Create(sink, new EngineOptions());
        engine.OnSnapshot(0, Book(0, 0.495m, 0.505m, 0.50m));

        // Act
        engine.OnEvent(MarketEvent.TickSizeChange(0, Snap.At(1), Snap.At(1), 1, 0.001m));

        // Assert
        Assert.Equal(0.001m, engine.TickSize(0));
        Assert.Equal(0.498m, engine.RestingBid(0)!.Value.Price);
        var first = Assert.Single(sink.Ended, u => u.Seq == 1);
        Assert.Equal((OrderStatus.Cancelled, OrderReasons.Replaced), (first.Status, first.Reason));
    }

    [Fact]
    public void OnOrderEvent_UnknownOrder_TrustFailureNamingIt()
    {
        var sink = new CollectingSink();
        var (engine, venue) = Scripted(sink);

        venue.Send(new OrderEvent(OrderEventKind.Accepted, 999, 0, Snap.At(0)));

        var issue = Assert.Single(engine.Stats.Integrity);
        Assert.Equal((OrderReasons.UnknownOrder, "999"), (issue.Code, issue.OrderId));
        Assert.Empty(sink.Updates);
    }

    [Fact]
    public void OnOrderEvent_FillLargerThanRemainder_RefusedNamingTheOrder()
    {
        var sink = new CollectingSink();
        var (engine, venue, bid) = ScriptedWithAcceptedBid(sink);

        // 30 shares of a 20.83-share order.
        venue.Send(new OrderEvent(OrderEventKind.Filled, bid.Seq, 0, Snap.At(1), "x", FillId: 1, Shares: 30m, Price: 0.48m));

        var issue = Assert.Single(engine.Stats.Integrity);
        Assert.Equal((OrderReasons.FillExceedsRemaining, "1"), (issue.Code, issue.OrderId));
        Assert.Empty(sink.Fills);
        Assert.Equal(1000m, engine.Portfolio.Cash);
    }

    [Fact]
    public void OnOrderEvent_RepeatedFillId_RefusedAndBookedOnce()
    {
        var sink = new CollectingSink();
        var (engine, venue, bid) = ScriptedWithAcceptedBid(sink);

        venue.Send(new OrderEvent(OrderEventKind.Filled, bid.Seq, 0, Snap.At(1), "x", FillId: 7, Shares: 5m, Price: 0.48m));
        venue.Send(new OrderEvent(OrderEventKind.Filled, bid.Seq, 0, Snap.At(1), "x", FillId: 7, Shares: 5m, Price: 0.48m));

        // Booked once: cash = 1000 − 5 × 0.48 − fee(2.4 × 2 bps = 0.00048) = 997.59952.
        var issue = Assert.Single(engine.Stats.Integrity);
        Assert.Equal((OrderReasons.DuplicateFillId, "1"), (issue.Code, issue.OrderId));
        Assert.Single(sink.Fills);
        Assert.Equal(997.59952m, engine.Portfolio.Cash);
        Assert.Equal(5m, engine.Portfolio.SharesHeld(0));
    }

    [Fact]
    public void OnEvent_TradePrintAfterLive_FillsUnderTradeThroughAtTheLimit()
    {
        // Bid 0.48 live from 0.1 s. A YES print at 0.47 at 0.05 s is before it was live; the one at 0.3 s fills it.
        var sink = new CollectingSink();
        var engine = Create(sink, new EngineOptions { EntryLatency = Ms100, CancelLatency = Ms100 });
        engine.OnSnapshot(0, Book(0, 0.495m, 0.505m, 0.50m));

        engine.OnEvent(MarketEvent.Trade(0, Outcome.Yes, Snap.At(0.05), Snap.At(0.05), 1, Side.Sell, 0.47m, 100m));
        var before = sink.Fills.Count;
        engine.OnEvent(MarketEvent.Trade(0, Outcome.No, Snap.At(0.2), Snap.At(0.2), 2, Side.Buy, 0.40m, 100m));
        engine.OnEvent(MarketEvent.Trade(0, Outcome.Yes, Snap.At(0.3), Snap.At(0.3), 3, Side.Sell, 0.47m, 100m));

        Assert.Equal(0, before);
        var fill = Assert.Single(sink.Fills);
        Assert.Equal((1L, 0.48m, 20.83m, Snap.At(0.3), FillReasons.TradeThrough), (fill.OrderSeq, fill.Price, fill.Shares, fill.Ts, fill.Reason));
    }

    [Fact]
    public void OnEvent_L2BookSnapshot_QuotesFromItsBestLevels()
    {
        // A full book 0.49/0.50/0.495 bids and 0.505/0.52 asks: best 0.495/0.505, mid 0.5, so the bid is 0.48.
        var sink = new CollectingSink();
        var engine = Create(sink, new EngineOptions());
        var book = new BookLevels([new(0.49m, 100m), new(0.495m, 50m)], [new(0.52m, 10m), new(0.505m, 70m)]);

        engine.OnEvent(MarketEvent.BookSnapshot(0, Outcome.Yes, Snap.At(0), Snap.At(0), 0, book));
        engine.OnEvent(MarketEvent.LevelChange(0, Outcome.Yes, Snap.At(1), Snap.At(1), 1, Side.Buy, 0.495m, 0m));

        // After the level change the best bid is 0.49 (mid 0.4975): the bid moves to floor(0.4775) = 0.47.
        Assert.Equal(0.47m, engine.RestingBid(0)!.Value.Price);
        Assert.Equal(0.48m, Assert.Single(sink.Ended).Price);
    }

    [Fact]
    public void OnEvent_LevelChangesOfOneMessageShareATime_AllApplyAndNoneIsNonMonotonic()
    {
        // One venue message at t = 1 s removes the 0.495 bid and adds a 0.50 bid: two level changes with the same event
        // time. Both take part (best bid 0.50, mid (0.50 + 0.505) / 2 = 0.5025, bid floor(0.4825) = 0.48); a change
        // stamped before them (t = 0.5 s) is out of order and is counted, not quoted on.
        var sink = new CollectingSink();
        var engine = Create(sink, new EngineOptions());
        var book = new BookLevels([new(0.49m, 100m), new(0.495m, 50m)], [new(0.505m, 70m)]);

        engine.OnEvent(MarketEvent.BookSnapshot(0, Outcome.Yes, Snap.At(0), Snap.At(0), 0, book));
        engine.OnEvent(MarketEvent.LevelChange(0, Outcome.Yes, Snap.At(1), Snap.At(1), 1, Side.Buy, 0.495m, 0m));
        engine.OnEvent(MarketEvent.LevelChange(0, Outcome.Yes, Snap.At(1), Snap.At(1), 2, Side.Buy, 0.50m, 20m));
        var sameTimeSkips = engine.Stats.InvalidSnapshots.GetValueOrDefault(SnapshotValidator.NonMonotonicTs);
        engine.OnEvent(MarketEvent.LevelChange(0, Outcome.Yes, Snap.At(0.5), Snap.At(1), 3, Side.Buy, 0.49m, 90m));

        Assert.Equal(0, sameTimeSkips);
        Assert.Equal(1, engine.Stats.InvalidSnapshots[SnapshotValidator.NonMonotonicTs]);
        Assert.Equal(0.48m, engine.RestingBid(0)!.Value.Price);
    }

    [Fact]
    public void OnEvent_MirroredNoPrint_ReachesTheQueueModelOnly()
    {
        // Book 0.495 × 50 and 0.48 × 30 / 0.505 × 70: the bid goes to 0.48 behind 30 shares (latency 0: live at 0 s).
        // A NO buy at 0.52 × 40 is a YES sale at 1 − 0.52 = 0.48: under the queue model it fills 40 − 30 = 10 shares;
        // the per-row trade-through model never sees NO prints.
        var book = new BookLevels([new(0.495m, 50m), new(0.48m, 30m)], [new(0.505m, 70m)]);
        var fills = new List<decimal>();
        foreach (var model in new IMatchingModel[] { new QueueFillModel(QueueFunction.RiskAverse), new TradeThroughFillModel() })
        {
            var sink = new CollectingSink();
            var engine = Create(sink, new EngineOptions(), model);
            engine.OnEvent(MarketEvent.BookSnapshot(0, Outcome.Yes, Snap.At(0), Snap.At(0), 0, book));
            engine.OnEvent(MarketEvent.Trade(0, Outcome.No, Snap.At(1), Snap.At(1), 1, Side.Buy, 0.52m, 40m));
            fills.Add(sink.Fills.Sum(f => f.Shares));
            Assert.Equal(0.48m, engine.RestingBid(0)!.Value.Price);
        }

        Assert.Equal([10m, 0m], fills);
    }

    // A venue the test scripts by hand (bankroll 1,000, trade-through fills).
    private static (MarketMakingEngine Engine, ScriptedGateway Venue) Scripted(CollectingSink sink)
    {
        ScriptedGateway? venue = null;
        var engine = new MarketMakingEngine(new EngineOptions(), 1000m, One(), new TradeThroughFillModel(), sink,
            gateway: (events, _) => venue = new ScriptedGateway(events));
        return (engine, venue!);
    }

    // The same, after one 0.495/0.505 book: its one bid (0.48) accepted at 0 s.
    private static (MarketMakingEngine Engine, ScriptedGateway Venue, SubmitOrder Bid) ScriptedWithAcceptedBid(CollectingSink sink)
    {
        var (engine, venue) = Scripted(sink);
        engine.OnSnapshot(0, Book(0, 0.495m, 0.505m, 0.50m));
        var bid = Assert.Single(venue.Submitted);
        venue.Send(new OrderEvent(OrderEventKind.Accepted, bid.Seq, 0, Snap.At(0)));
        return (engine, venue, bid);
    }
}
