using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Random;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

/// <summary>The situations of docs/design.md#fill-models, through the whole engine: which prints may fill a resting order.</summary>
public sealed class TruthfulFillTests
{
    // Book 0.495/0.505 (mid 0.5), default k = 2, tick 0.01: the bid rests at 0.48 for floor(10/0.48, 0.01) = 20.83 shares.
    private static Snapshot Row(int i, decimal ltp) => Snap.Book(i * 2, 0.495m, 0.505m, ltp);

    private static (MarketMakingEngine Engine, CollectingSink Sink) Run(IFillModel model, IEnumerable<Snapshot> rows)
    {
        var sink = new CollectingSink();
        var engine = new MarketMakingEngine(new EngineOptions(), 1000m, 1, model, sink);
        foreach (var row in rows)
        {
            engine.OnSnapshot(0, row);
        }

        return (engine, sink);
    }

    [Fact]
    public void OnSnapshot_StalePrintBelowBidFor120Rows_NoFillUnderTradeThrough()
    {
        // Act: the last trade stays 0.47 (below the 0.48 bid) on every row; no trade happens after the bid is live.
        var (engine, sink) = Run(new TradeThroughFillModel(), Enumerable.Range(0, 120).Select(i => Row(i, 0.47m)));

        // Assert
        Assert.Empty(sink.Filled);
        Assert.Equal(0m, engine.Portfolio.SharesHeld(0));
        Assert.Equal(119, engine.Stats.FillEvaluations);
    }

    [Fact]
    public void OnSnapshot_StalePrintBelowBidFor120Rows_TouchFillsUpToTheCap()
    {
        // Act: the optimistic model fills on the same old print again and again.
        var (engine, sink) = Run(new TouchFillModel(), Enumerable.Range(0, 120).Select(i => Row(i, 0.47m)));

        // Assert: the per-market cap (500) bounds it — 9.9984 + bids of ~10 each until open cost + next bid > 500.
        Assert.True(sink.Filled.Count() >= 40);
        Assert.True(engine.Portfolio.OpenCostOf(0) <= 500m);
    }

    [Theory]
    [InlineData("trade-through")]
    [InlineData("probabilistic")]
    public void OnSnapshot_MarketTradesThroughRestingBid_Fills(string model)
    {
        // Arrange: the roll 0.99 never fills by probability (p ≤ p_max 0.2), so only the trade-through fills.
        IFillModel fillModel = model == "trade-through"
            ? new TradeThroughFillModel()
            : new ProbabilisticFillModel(new ProbabilisticFillParams(), new FixedRandom(0.99));

        // Act: bid 0.48 placed on row 0 (LTP 0.50); row 1 prints 0.40, a new trade 8 ticks through the bid.
        var (engine, sink) = Run(fillModel, [Row(0, 0.50m), Row(1, 0.50m), Row(2, 0.40m)]);

        // Assert: one buy of 20.83 at its limit 0.48 on row 2; cash = 1000 − 9.9984 − fee 0.002 = 989.9996.
        var fill = Assert.Single(sink.Filled);
        Assert.Equal((Side.Buy, 0.48m, 20.83m, Snap.At(4)), (fill.Side, fill.FillPrice!.Value, fill.Shares, fill.FillSnapshot!.Value.Ts));
        Assert.Equal(989.9996m, engine.Portfolio.Cash);
    }

    [Fact]
    public void OnSnapshot_PrintExactlyAtBid_NoFillUnderTradeThrough()
    {
        // Act: a new print at 0.48 = the bid: whether our order was reached in the queue is unknown.
        var (_, sink) = Run(new TradeThroughFillModel(), [Row(0, 0.50m), Row(1, 0.48m)]);

        // Assert
        Assert.Empty(sink.Filled);
    }

    [Fact]
    public void OnSnapshot_RowTradeTimeBeforeLiveTime_NoFillEvenWhenPriceChanged()
    {
        // Arrange: row 1's print 0.40 is new to us, but its trade time (t = −1 s) is before the bid was live (t = 0).
        var late = Row(1, 0.40m) with { LastTradeTs = Snap.At(-1) };
        var fresh = Row(2, 0.40m) with { LastTradeTs = Snap.At(3) };

        // Act
        var (_, sinkLate) = Run(new TradeThroughFillModel(), [Row(0, 0.50m), late]);
        var (_, sinkFresh) = Run(new TradeThroughFillModel(), [Row(0, 0.50m), late, fresh]);

        // Assert: only the print traded at t = 3 s (after the live time 0) fills.
        Assert.Empty(sinkLate.Filled);
        Assert.Equal(Snap.At(4), Assert.Single(sinkFresh.Filled).FillSnapshot!.Value.Ts);
    }

    [Fact]
    public void OnSnapshot_ProbabilisticSameSeed_SameFillsAsBefore()
    {
        // Arrange: a print moving away from the bid each row: draws only, reproducible by seed.
        var rows = Enumerable.Range(0, 200).Select(i => Row(i, i % 2 == 0 ? 0.49m : 0.50m)).ToList();

        // Act
        var (_, a) = Run(new ProbabilisticFillModel(new ProbabilisticFillParams(), new SeededRandom(3)), rows);
        var (_, b) = Run(new ProbabilisticFillModel(new ProbabilisticFillParams(), new SeededRandom(3)), rows);

        // Assert
        Assert.Equal(a.Filled.Select(o => o.Seq), b.Filled.Select(o => o.Seq));
    }

    [Fact]
    public void OnSnapshot_BankrollSmallerThanOneQuote_NoBidInsufficientCash()
    {
        // Arrange: bankroll 5 USD, quote 10 USD (bid 0.48 × 20.83 = 9.9984 + fee 0.002).
        var sink = new CollectingSink();
        var engine = new MarketMakingEngine(new EngineOptions(), 5m, 1, new TouchFillModel(), sink);

        // Act: prints that would fill any bid under every model.
        foreach (var i in Enumerable.Range(0, 6))
        {
            engine.OnSnapshot(0, Row(i, i % 2 == 0 ? 0.40m : 0.45m));
        }

        // Assert
        Assert.Empty(sink.Orders);
        Assert.Equal(6, engine.Stats.PauseReasons[QuoteReasons.InsufficientCash]);
        Assert.Equal(5m, engine.Portfolio.Cash);
    }

    [Fact]
    public void OnSnapshot_CashForOneBidOnly_SecondMarketBidWaitsCashNeverNegative()
    {
        // Arrange: 15 USD covers one bid with its fee (10.0004) but not two; both markets quote at t = 0.
        var sink = new CollectingSink();
        var engine = new MarketMakingEngine(new EngineOptions(), 15m, 2, new TouchFillModel(), sink);

        // Act: both bids would fill on the next row's print 0.40.
        engine.OnSnapshot(0, Row(0, 0.50m));
        engine.OnSnapshot(1, Row(0, 0.50m));
        engine.OnSnapshot(0, Row(1, 0.40m));
        engine.OnSnapshot(1, Row(1, 0.40m));

        // Assert: only market 0 bought (cash 15 − 9.9984 − 0.002 = 4.9996); market 1 was refused for cash.
        var fill = Assert.Single(sink.Filled);
        Assert.Equal(0, fill.MarketIndex);
        Assert.Equal(4.9996m, engine.Portfolio.Cash);
        Assert.True(engine.Stats.PauseReasons[QuoteReasons.InsufficientCash] >= 1);
    }
}

