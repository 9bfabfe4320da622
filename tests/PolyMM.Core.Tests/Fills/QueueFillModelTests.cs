using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Tests.Fills;

/// <summary>Queue trajectories worked by hand (docs/design.md#queue-model). Orders are YES bids at 0.50 unless stated.</summary>
public sealed class QueueFillModelTests
{
    private static QueueFillModel Model(string function)
    {
        Assert.True(QueueFunction.TryParse(function, out var f));
        return new QueueFillModel(f);
    }

    [Theory]
    [InlineData("risk-averse")]
    [InlineData("power:2")]
    [InlineData("log")]
    public void Match_TradesAtPrice_FillPartlyByTheExcessOverTheQueue(string function)
    {
        // Arrange: 300 displayed at 0.50 when our 100-share bid becomes live → front 300.
        var model = Model(function);
        var v = new QueueVenue(model);
        v.Level(0, Side.Buy, 0.50m, 300m);
        v.Submit(1, Side.Buy, 0.50m, 100m, 10);

        // Act
        v.Trade(20, Outcome.Yes, Side.Sell, 0.50m, 250m);  // front 300 − 250 = 50, excess −200: nothing
        v.Level(30, Side.Buy, 0.50m, 50m);                  // 300 → 50 is the trade (chg = 250 − 250 = 0): front 50
        v.Trade(40, Outcome.Yes, Side.Sell, 0.50m, 80m);   // excess 80 − 50 = 30: fill 30 of 100, front 0
        var afterPartial = v.Filled(1);
        v.Trade(50, Outcome.Yes, Side.Sell, 0.50m, 100m);  // front 0: fill min(70, 100) = 70

        // Assert
        Assert.Equal(30m, afterPartial);
        var fills = v.Fills.ToList();
        Assert.Equal([30m, 70m], fills.Select(f => f.Shares));
        Assert.All(fills, f => Assert.Equal(0.50m, f.Price));
        Assert.Equal(QueueFillModel.QueueReached, fills[0].Reason);
        Assert.Equal(300m, fills[0].Diagnostics.QueueAtAccept);
        Assert.Equal(50m, fills[0].Diagnostics.QueueAtFill);
        Assert.Equal(0m, fills[1].Diagnostics.QueueAtFill);
    }

    [Theory]
    [InlineData("risk-averse")]
    [InlineData("power:2")]
    [InlineData("log")]
    public void Match_TradeStrictlyThroughThePrice_FillsTheWholeRemainder(string function)
    {
        // Arrange: front 300, far from the front of the queue.
        var v = new QueueVenue(Model(function));
        v.Level(0, Side.Buy, 0.50m, 300m);
        v.Submit(1, Side.Buy, 0.50m, 100m, 10);

        // Act: a 1-share sale at 0.49 < 0.50 means every bid at 0.50 was taken first.
        v.Trade(20, Outcome.Yes, Side.Sell, 0.49m, 1m);

        // Assert
        var fill = Assert.Single(v.Fills);
        Assert.Equal(100m, fill.Shares);
        Assert.Equal(FillReasons.TradeThrough, fill.Reason);
        Assert.Equal(300m, fill.Diagnostics.QueueAtFill);
    }

    [Theory]
    [InlineData("risk-averse")]
    [InlineData("power:2")]
    [InlineData("log")]
    public void Match_MirroredNoTrade_EatsTheYesBidQueue(string function)
    {
        // Arrange: a YES bid at 0.40 behind 40 shares.
        var v = new QueueVenue(Model(function));
        v.Level(0, Side.Buy, 0.40m, 40m);
        v.Submit(1, Side.Buy, 0.40m, 100m, 10);

        // Act
        v.Trade(20, Outcome.No, Side.Sell, 0.60m, 500m); // NO sold at 0.60 = YES bought at 0.40: the ask side, no effect
        v.Trade(30, Outcome.No, Side.Buy, 0.60m, 60m);   // NO bought at 0.60 = YES sold at 1 − 0.60 = 0.40: excess 60 − 40 = 20

        // Assert
        var fill = Assert.Single(v.Fills);
        Assert.Equal(20m, fill.Shares);
        Assert.Equal(0.40m, fill.Price);
        Assert.Equal(40m, fill.Diagnostics.QueueAtFill);
    }

    [Theory]
    // front 300; the level grows to 500 (200 behind us), then falls back to 300 with no trade (chg = 200):
    // risk-averse: min(300, 300) = 300, the 200-share sale leaves front 100 and fills nothing.
    [InlineData("risk-averse", "300", "0")]
    // power:2: P = 200²/(200² + 300²) = 0.307692…; est = 300 − 0.692307…×200 + min(200 − 61.54, 0) = 161.538461…
    // → 161.538462 (rounded up); the 200-share sale fills 200 − 161.538462 = 38.461538.
    [InlineData("power:2", "161.538462", "38.461538")]
    // log: P = ln 201/(ln 201 + ln 301) = 5.30330/(5.30330 + 5.70711) = 0.481662…; est = 300 − 0.518337…×200 = 196.332514…
    // → 196.332515; the sale fills 200 − 196.332515 = 3.667485.
    [InlineData("log", "196.332515", "3.667485")]
    public void Match_LevelGrowsBackThenShrinks_MovesTheQueuePerFunction(string function, string front, string filled)
    {
        // Arrange
        var model = Model(function);
        var v = new QueueVenue(model);
        v.Level(0, Side.Buy, 0.50m, 300m);
        v.Submit(1, Side.Buy, 0.50m, 100m, 10);

        // Act
        v.Level(20, Side.Buy, 0.50m, 500m); // grew: joiners behind us, front stays 300
        var afterGrowth = model.QueueAhead(1);
        v.Level(30, Side.Buy, 0.50m, 300m); // unexplained decrease of 200
        var afterCancel = model.QueueAhead(1);
        v.Trade(40, Outcome.Yes, Side.Sell, 0.50m, 200m);

        // Assert
        Assert.Equal(300m, afterGrowth);
        Assert.Equal(decimal.Parse(front, System.Globalization.CultureInfo.InvariantCulture), afterCancel);
        Assert.Equal(decimal.Parse(filled, System.Globalization.CultureInfo.InvariantCulture), v.Filled(1));
    }

    [Theory]
    [InlineData("risk-averse")]
    [InlineData("power:2")]
    [InlineData("log")]
    public void Match_LevelCancelledAheadWithNothingBehind_RiskAverseAndProbabilisticAgree(string function)
    {
        // Arrange: front 300, back 0. The level drops to 100 with no trade: risk-averse min(300, 100) = 100; power/log:
        // P = 0 (nothing behind), est = 300 − 1×200 + min(0 − 0, 0) = 100.
        var model = Model(function);
        var v = new QueueVenue(model);
        v.Level(0, Side.Buy, 0.50m, 300m);
        v.Submit(1, Side.Buy, 0.50m, 100m, 10);

        // Act
        v.Level(20, Side.Buy, 0.50m, 100m);
        v.Trade(30, Outcome.Yes, Side.Sell, 0.50m, 150m); // excess 150 − 100 = 50

        // Assert
        Assert.Equal(50m, v.Filled(1));
    }

    [Theory]
    [InlineData("risk-averse")]
    [InlineData("power:2")]
    [InlineData("log")]
    public void Match_CancelInFlight_FillsUntilTheCancelTakesEffect(string function)
    {
        // Arrange: cancel latency 100 ms; front 50.
        var v = new QueueVenue(Model(function), entryLatencyMs: 0, cancelLatencyMs: 100);
        v.Level(0, Side.Buy, 0.50m, 50m);
        v.Submit(1, Side.Buy, 0.50m, 100m, 10);

        // Act
        v.Cancel(1, 20);                                   // takes effect at 120 ms
        v.Trade(70, Outcome.Yes, Side.Sell, 0.50m, 80m);   // still live: excess 80 − 50 = 30
        v.Trade(130, Outcome.Yes, Side.Sell, 0.49m, 10m);  // after the cancel: would trade through, order gone

        // Assert
        Assert.Equal(30m, v.Filled(1));
        Assert.Contains(v.Events, e => e.Kind == Orders.OrderEventKind.Cancelled && e.Ts == QueueVenue.At(120));
    }

    [Theory]
    [InlineData("risk-averse")]
    [InlineData("power:2")]
    [InlineData("log")]
    public void Match_EventsBeforeLive_NeitherFillNorMoveTheQueue(string function)
    {
        // Arrange: entry latency 100 ms, sent at 10 → live at 110.
        var model = Model(function);
        var v = new QueueVenue(model, entryLatencyMs: 100);
        v.Level(0, Side.Buy, 0.50m, 300m);
        v.Submit(1, Side.Buy, 0.50m, 100m, 10);

        // Act
        v.Trade(50, Outcome.Yes, Side.Sell, 0.49m, 10m);  // through the price, but the order is not live yet
        v.Level(60, Side.Buy, 0.50m, 120m);              // the level at acceptance is 120
        v.Level(110, Side.Buy, 0.50m, 120m);             // at the live instant: activates, cannot match (ts ≤ live)
        var atAccept = model.QueueAhead(1);
        v.Trade(150, Outcome.Yes, Side.Sell, 0.50m, 150m); // excess 150 − 120 = 30

        // Assert
        Assert.Equal(120m, atAccept);
        var fill = Assert.Single(v.Fills);
        Assert.Equal(30m, fill.Shares);
        Assert.Equal(120m, fill.Diagnostics.QueueAtAccept);
        Assert.True(fill.Ts > QueueVenue.At(110));
    }

    [Fact]
    public void Match_TradeAtPriceByABuyingTaker_LeavesTheBidQueue()
    {
        // Arrange: front 10 on our bid; a buyer lifting an ask at 0.50 does not trade against bids.
        var model = Model("risk-averse");
        var v = new QueueVenue(model);
        v.Level(0, Side.Buy, 0.50m, 10m);
        v.Submit(1, Side.Buy, 0.50m, 100m, 10);

        // Act
        v.Trade(20, Outcome.Yes, Side.Buy, 0.50m, 500m);

        // Assert
        Assert.Empty(v.Fills);
        Assert.Equal(10m, model.QueueAhead(1));
    }

    [Fact]
    public void Match_SellOrder_IsTheMirrorImage()
    {
        // Arrange: an ask at 0.55 behind 20; buyers at 0.55 eat the queue, a buy at 0.56 trades through.
        var v = new QueueVenue(Model("risk-averse"));
        v.Level(0, Side.Sell, 0.55m, 20m);
        v.Submit(1, Side.Sell, 0.55m, 50m, 10);

        // Act
        v.Trade(20, Outcome.Yes, Side.Buy, 0.55m, 30m); // excess 30 − 20 = 10
        v.Trade(30, Outcome.Yes, Side.Buy, 0.56m, 1m);  // through: the remaining 40

        // Assert
        Assert.Equal([10m, 40m], v.Fills.Select(f => f.Shares));
    }

    [Fact]
    public void Match_L1RowsWithTradeSize_EstimateTheQueueFromDepthAtTheTouch()
    {
        // Arrange: our bid is the touch 0.50 with depth_bid_1 = 300 → front 300.
        var model = Model("risk-averse");
        var v = new QueueVenue(model);
        v.Row(Row(0, 300m, null, null, null), null);
        v.Submit(1, Side.Buy, 0.50m, 100m, 10);

        // Act: a new print at 0.50 of 320 shares sold → excess 320 − 300 = 20; the row's depth then says 0 → front 0.
        v.Row(Row(1000, 0m, 0.50m, 320m, Side.Sell), null);

        // Assert
        var fill = Assert.Single(v.Fills);
        Assert.Equal(20m, fill.Shares);
        Assert.Equal(300m, fill.Diagnostics.QueueAtAccept);
        Assert.Equal(1, model.TopOfBookRows); // the row before the order was live reached no order
    }

    [Fact]
    public void Match_L1PrintWithoutSize_FillsOnlyWhenTradedThrough()
    {
        // Arrange: front 5 at the touch.
        var v = new QueueVenue(Model("risk-averse"));
        v.Row(Row(0, 5m, null, null, null), null);
        v.Submit(1, Side.Buy, 0.50m, 100m, 10);

        // Act
        v.Row(Row(1000, 5m, 0.50m, null, null), null);  // new print at the limit, size unknown: no queue change, no fill
        var atLimit = v.Filled(1);
        v.Row(Row(2000, 5m, 0.49m, null, null), 0.50m); // a print below the limit: traded through, all 100

        // Assert
        Assert.Equal(0m, atLimit);
        Assert.Equal(100m, v.Filled(1));
    }

    [Fact]
    public void Match_L1PriceBehindTheTouch_HasAnUnknownQueueUntilItIsTheTouch()
    {
        // Arrange: our bid 0.49 sits behind the 0.50 touch: the row cannot show its queue.
        var model = new QueueFillModel(QueueFunction.RiskAverse, topOfBookData: true);
        var v = new QueueVenue(model);
        v.Row(Row(0, 300m, null, null, null), null);
        v.Submit(1, Side.Buy, 0.49m, 100m, 10);
        var unknown = model.QueueAhead(1);

        // Act: the touch drops to 0.49 with 70 displayed → front 70.
        v.Row(Row(1000, 70m, null, null, null) with { BestBid = 0.49m, MidPrice = 0.50m, BestAsk = 0.51m }, null);

        // Assert
        Assert.Null(unknown);
        Assert.Equal(70m, model.QueueAhead(1));
    }

    [Theory]
    [InlineData("power:x")]
    [InlineData("power:0")]
    [InlineData("power:-1")]
    [InlineData("linear")]
    [InlineData("")]
    public void TryParse_UnknownFunction_IsRefused(string text)
    {
        Assert.False(QueueFunction.TryParse(text, out _));
    }

    private static Snapshot Row(int ms, decimal depthBid, decimal? ltp, decimal? size, Side? side) =>
        new(QueueVenue.At(ms), 0.50m, 0.51m, 0.505m, depthBid, 200m, ltp,
            LastTradeTs: ltp is null ? null : QueueVenue.At(ms), LastTradeSize: size, LastTradeSide: side);
}
