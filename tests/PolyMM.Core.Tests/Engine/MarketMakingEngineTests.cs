using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

public sealed class MarketMakingEngineTests
{
    // With the defaults on the sample book (mid 0.5): bid 0.48 × 20.83 sh = 9.9984 USD, fee 0.00199968 → 0.002.
    // After that fill (holding 20.83): bid 0.47 × 21.27 sh (10/0.47 = 21.276…), ask 0.51 × 19.60 sh (10/0.51 = 19.607…).
    private static MarketMakingEngine Create(CollectingSink sink, EngineOptions? options = null, IFillModel? model = null, int markets = 1) =>
        new(options ?? new EngineOptions(), 1000m, markets, model ?? new TouchFillModel(), sink);

    [Fact]
    public void OnSnapshot_LtpCrossesOnPlacingSnapshot_FillsOnlyOnTheNext()
    {
        // Arrange: the placing snapshot already printed 0.40, which would cross the 0.48 bid.
        var sink = new CollectingSink();
        var engine = Create(sink);

        // Act
        engine.OnSnapshot(0, Snap.Sample1(0, 0.40m));
        var sharesAfterFirst = engine.Portfolio.SharesHeld(0);
        var evaluationsAfterFirst = engine.Stats.FillEvaluations;
        engine.OnSnapshot(0, Snap.Sample1(2, 0.40m));

        // Assert: nothing evaluated on snapshot 0; the bid fills on snapshot 1, once (the 0.47 bid placed on
        // snapshot 1 is not evaluated against it either).
        Assert.Equal(0m, sharesAfterFirst);
        Assert.Equal(0, evaluationsAfterFirst);
        var fill = Assert.Single(sink.Filled);
        Assert.Equal((1L, Side.Buy, 0.48m, 20.83m), (fill.Seq, fill.Side, fill.FillPrice!.Value, fill.Shares));
        Assert.Equal(Snap.At(0), fill.SentAt);
        Assert.Equal(Snap.At(2), fill.FillSnapshot!.Value.Ts);
        Assert.True(fill.FillSnapshot!.Value.Ts > fill.SentAt);
        Assert.Equal(0.002m, fill.Fee);
        Assert.Equal(20.83m, engine.Portfolio.SharesHeld(0));
        // cash = 1000 − 9.9984 − 0.002 = 989.9996
        Assert.Equal(989.9996m, engine.Portfolio.Cash);
    }

    [Fact]
    public void OnSnapshot_BidAndAskResting_BidEvaluatedBeforeAsk()
    {
        // Arrange: every evaluated order fills, so both sides rest from snapshot 1 on.
        var model = new RecordingFillModel(new AlwaysFillModel());
        var sink = new CollectingSink();
        var engine = Create(sink, model: model);
        engine.OnSnapshot(0, Snap.Sample1(0));
        engine.OnSnapshot(0, Snap.Sample1(2));

        // Act
        engine.OnSnapshot(0, Snap.Sample1(4));

        // Assert
        var atFour = model.Calls.Where(c => c.Ts == Snap.At(4)).Select(c => c.Side).ToList();
        Assert.Equal([Side.Buy, Side.Sell], atFour);
        var filledAtFour = sink.Filled.Where(o => o.FillSnapshot!.Value.Ts == Snap.At(4)).Select(o => o.Side).ToList();
        Assert.Equal([Side.Buy, Side.Sell], filledAtFour);
        Assert.All(model.Calls, c => Assert.NotEqual(Snap.At(0), c.Ts));
    }

    [Fact]
    public void OnSnapshot_InvalidSnapshot_CancelsRestingOrdersAndCountsReason()
    {
        // Arrange: a bid fill on snapshot 1 leaves a bid and an ask resting.
        var sink = new CollectingSink();
        var engine = Create(sink);
        engine.OnSnapshot(0, Snap.Sample1(0, 0.50m));
        engine.OnSnapshot(0, Snap.Sample1(2, 0.40m));
        var invalid = new Snapshot(Snap.At(4), null, 0.5025m, 0.5m, 1200m, 1300m, 0.30m);

        // Act
        engine.OnSnapshot(0, invalid);

        // Assert
        var cancelled = sink.Cancelled.Where(o => o.ClosedAt == Snap.At(4)).ToList();
        Assert.Equal(2, cancelled.Count);
        Assert.All(cancelled, o => Assert.Equal("invalid_snapshot", o.CancelReason));
        Assert.Equal(1, engine.Stats.InvalidSnapshots[SnapshotValidator.MissingBidAsk]);
        Assert.Equal(engine.Portfolio.OpenCost, engine.Committed);
        Assert.Single(sink.Filled);
    }

    [Fact]
    public void OnSnapshot_NonMonotonicTimestamps_CountedAndSkipped()
    {
        // Arrange
        var sink = new CollectingSink();
        var engine = Create(sink);
        engine.OnSnapshot(0, Snap.Sample1(2, 0.50m));

        // Act: an equal and an earlier timestamp, both with prints that would fill the 0.48 bid.
        engine.OnSnapshot(0, Snap.Sample1(2, 0.40m));
        engine.OnSnapshot(0, Snap.Sample1(0, 0.40m));
        var sharesAfterSkipped = engine.Portfolio.SharesHeld(0);
        engine.OnSnapshot(0, Snap.Sample1(4, 0.40m));

        // Assert: skipped rows neither fill nor cancel; the next in-order row fills the original bid.
        Assert.Equal(2, engine.Stats.InvalidSnapshots[SnapshotValidator.NonMonotonicTs]);
        Assert.Equal(0m, sharesAfterSkipped);
        var fill = Assert.Single(sink.Filled);
        Assert.Equal(1L, fill.Seq);
        Assert.Equal(Snap.At(4), fill.FillSnapshot!.Value.Ts);
        Assert.DoesNotContain(sink.Cancelled, o => o.Seq == 1);
    }

    [Fact]
    public void OnSnapshot_UnchangedQuote_OrderRestsWithoutReplacement()
    {
        // Arrange
        var sink = new CollectingSink();
        var engine = Create(sink);

        // Act
        engine.OnSnapshot(0, Snap.Sample1(0, 0.50m));
        engine.OnSnapshot(0, Snap.Sample1(2, 0.50m));
        engine.OnSnapshot(0, Snap.Sample1(4, 0.49m));

        // Assert
        Assert.Equal(1, engine.Stats.Orders);
        Assert.Empty(sink.Orders);
        Assert.Equal(9.9984m, engine.Committed);
    }

    [Fact]
    public void OnSnapshot_PriceChanges_CancelsAsReplacedAndPlacesNextSeq()
    {
        // Arrange
        var sink = new CollectingSink();
        var engine = Create(sink);
        engine.OnSnapshot(0, Snap.Sample1(0, 0.50m));

        // Act: mid moves to 0.51 → bid 0.49 × 20.40 sh (10/0.49 = 20.408…).
        engine.OnSnapshot(0, Snap.Book(2, 0.5075m, 0.5125m, 0.52m));
        engine.OnSnapshot(0, Snap.Book(4, 0.5075m, 0.5125m, 0.49m));

        // Assert: the new order is seq 2 and it fills on the next snapshot.
        var replaced = Assert.Single(sink.Cancelled);
        Assert.Equal((1L, "replaced", 0.48m), (replaced.Seq, replaced.CancelReason, replaced.Price));
        Assert.Equal(Snap.At(2), replaced.ClosedAt);
        var fill = Assert.Single(sink.Filled);
        Assert.Equal((2L, 0.49m, 20.40m), (fill.Seq, fill.Price, fill.Shares));
        Assert.Equal(Snap.At(2), fill.SentAt);
    }

    [Fact]
    public void OnSnapshot_MaxFillsReached_StopsQuoting()
    {
        // Arrange
        var sink = new CollectingSink();
        var engine = Create(sink, new EngineOptions { MaxFills = 1 });
        engine.OnSnapshot(0, Snap.Sample1(0, 0.50m));

        // Act
        engine.OnSnapshot(0, Snap.Sample1(2, 0.40m));

        // Assert: the fill that reached the limit ends the snapshot before any new quote.
        Assert.True(engine.FillLimitReached);
        Assert.Equal(1, engine.Stats.Fills);
        Assert.Equal(1, engine.Stats.Orders);
        Assert.Equal(engine.Portfolio.OpenCost, engine.Committed);
    }

    [Fact]
    public void OnSnapshot_OldestLotStale_CancelsBidKeepsAsk()
    {
        // Arrange: max hold 3 s; the lot opens at t = 2.
        var sink = new CollectingSink();
        var options = new EngineOptions { Quote = new QuoteParams { MaxHoldTimeSec = 3m } };
        var engine = Create(sink, options);
        engine.OnSnapshot(0, Snap.Sample1(0, 0.50m));
        engine.OnSnapshot(0, Snap.Sample1(2, 0.40m));
        engine.OnSnapshot(0, Snap.Sample1(4, 0.50m));
        var cancelledBeforeStale = sink.Cancelled.Count();

        // Act: at t = 6 the lot is 4 s old > 3 s.
        engine.OnSnapshot(0, Snap.Sample1(6, 0.50m));

        // Assert
        Assert.Equal(0, cancelledBeforeStale);
        var cancelled = Assert.Single(sink.Cancelled);
        Assert.Equal((Side.Buy, 0.47m), (cancelled.Side, cancelled.Price));
        Assert.Equal(1, engine.Stats.PauseReasons[QuoteReasons.StaleInventory]);
        Assert.Equal(engine.Portfolio.OpenCost, engine.Committed);
        engine.OnSnapshot(0, Snap.Sample1(8, 0.51m));
        Assert.Contains(sink.Filled, o => o.Side == Side.Sell && o.Price == 0.51m && o.Shares == 19.60m);
    }

    [Fact]
    public void OnSnapshot_PerMarketCapReachedAfterFill_OnlyAskRemains()
    {
        // Arrange: per-market cap 15: open cost 9.9984 + next bid 0.47 × 21.27 = 9.9969 → 19.9953 > 15.
        var sink = new CollectingSink();
        var options = new EngineOptions { Quote = new QuoteParams { MaxPerMarketExposureUsd = 15m } };
        var engine = Create(sink, options);
        engine.OnSnapshot(0, Snap.Sample1(0, 0.50m));

        // Act
        engine.OnSnapshot(0, Snap.Sample1(2, 0.40m));

        // Assert
        Assert.Equal(1, engine.Stats.PauseReasons[QuoteReasons.ExposureCap]);
        Assert.Equal(9.9984m, engine.Committed);
        Assert.Equal(2, engine.Stats.Orders);
        engine.Finish(Snap.At(4));
        var ask = Assert.Single(sink.Cancelled);
        Assert.Equal(Side.Sell, ask.Side);
    }

    [Theory]
    // Two markets on the sample book, each wanting a 9.9984 bid. 9.9984 + 9.9984 = 19.9968.
    [InlineData("15", 1)]
    [InlineData("19.9968", 2)]   // exactly at the total cap
    [InlineData("19.9967", 1)]
    public void OnSnapshot_TwoMarkets_ShareTheTotalCap(string totalCap, int bidsPlaced)
    {
        // Arrange
        var sink = new CollectingSink();
        var options = new EngineOptions { Quote = new QuoteParams { MaxExposureUsd = Snap.D(totalCap)!.Value } };
        var engine = Create(sink, options, markets: 2);

        // Act
        engine.OnSnapshot(0, Snap.Sample1(0, 0.50m));
        engine.OnSnapshot(1, Snap.Sample1(0, 0.50m));

        // Assert
        Assert.Equal(bidsPlaced, engine.Stats.Orders);
        Assert.Equal(bidsPlaced * 9.9984m, engine.Committed);
        Assert.True(engine.Committed <= options.Quote.MaxExposureUsd);
        Assert.Equal(bidsPlaced == 1 ? 1 : 0, engine.Stats.PauseReasons.GetValueOrDefault(QuoteReasons.ExposureCap));
    }

    [Fact]
    public void OnSnapshot_ZeroBookWithTinyStatedMid_CountedInvalidNotThrown()
    {
        // Arrange: bid = ask = 0 with a stated mid of 1e-9 passes the stated-mid checks, but the book's mid is 0
        // and the quoter's spread check divides by it. An invalid row must never crash a run (docs/design.md#snapshot-validation).
        var sink = new CollectingSink();
        var engine = Create(sink);
        engine.OnSnapshot(0, Snap.Sample1(0, 0.50m));
        var zero = new Snapshot(Snap.At(2), 0m, 0m, 0.000000001m, 10m, 10m, 0m);

        // Act
        var ex = Record.Exception(() => engine.OnSnapshot(0, zero));

        // Assert
        Assert.Null(ex);
        Assert.Equal(1, engine.Stats.InvalidSnapshots[SnapshotValidator.MidOutOfRange]);
        Assert.Equal("invalid_snapshot", Assert.Single(sink.Cancelled).CancelReason);
    }

    [Fact]
    public void OnSnapshot_FillAtLtpWithinToleranceAtPerMarketCap_CapStillHolds()
    {
        // Arrange: per-market cap exactly the bid's notional 0.48 × 20.83 = 9.9984; a print at 0.480000001 is within
        // the 1e-9 tolerance, so the bid fills. At the print it would cost 20.83 × 0.480000001 = 9.99840002083 > 9.9984.
        var sink = new CollectingSink();
        var options = new EngineOptions { Quote = new QuoteParams { MaxPerMarketExposureUsd = 9.9984m } };
        var engine = Create(sink, options, new TouchFillModel(fillAtLtp: true));
        engine.OnSnapshot(0, Snap.Sample1(0, 0.50m));

        // Act
        engine.OnSnapshot(0, Snap.Sample1(2, 0.480000001m));

        // Assert
        Assert.Equal(20.83m, engine.Portfolio.SharesHeld(0));
        Assert.True(engine.Portfolio.OpenCostOf(0) <= 9.9984m, $"open cost {engine.Portfolio.OpenCostOf(0)}");
    }

    [Fact]
    public void Finish_RestingOrdersAndOpenLot_CancelsOrdersAndReportsLotAtMark()
    {
        // Arrange
        var sink = new CollectingSink();
        var engine = Create(sink);
        engine.OnSnapshot(0, Snap.Sample1(0, 0.50m));
        engine.OnSnapshot(0, Snap.Book(2, 0.4875m, 0.4975m, 0.40m));
        var lotsBefore = sink.Lots.Count;

        // Act
        engine.Finish(Snap.At(10));

        // Assert: bid and ask cancelled at the finish time, the open lot re-reported at the last mid 0.4925.
        var cancelled = sink.Cancelled.ToList();
        Assert.Equal(2, cancelled.Count);
        Assert.All(cancelled, o => Assert.Equal(("run_end", Snap.At(10)), (o.CancelReason!, o.ClosedAt!.Value)));
        var lot = sink.Lots[lotsBefore];
        Assert.Equal((false, 20.83m, 0.48m, 0.4925m), (lot.Closed, lot.Shares, lot.EntryPrice, lot.CurrentPrice!.Value));
        Assert.Equal(engine.Portfolio.OpenCost, engine.Committed);
    }

    [Fact]
    public void EndTick_AfterFill_ReportsCashValueAndExposure()
    {
        // Arrange
        var sink = new CollectingSink();
        var engine = Create(sink);
        engine.OnSnapshot(0, Snap.Sample1(0, 0.50m));
        engine.OnSnapshot(0, Snap.Sample1(2, 0.40m));

        // Act
        engine.EndTick(Snap.At(2));

        // Assert: open value 20.83 × 0.5 = 10.415; committed = 9.9984 + 0.47 × 21.27 (9.9969) = 19.9953
        var t = Assert.Single(sink.Ticks);
        Assert.Equal(989.9996m, t.Cash);
        Assert.Equal(10.415m, t.OpenValue);
        Assert.Equal(9.9984m, t.OpenCost);
        Assert.Equal(19.9953m, t.Committed);
        Assert.Equal(1000.4146m, t.Equity);
    }
}
