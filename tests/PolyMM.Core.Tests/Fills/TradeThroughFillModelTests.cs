using PolyMM.Core.Fills;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Fills;

public sealed class TradeThroughFillModelTests
{
    [Theory]
    [InlineData("0.47", true)]          // strictly below the limit
    [InlineData("0.4799999999", true)]
    [InlineData("0.48", false)]         // at the limit: needs a queue model
    [InlineData("0.480000001", false)]  // touch's tolerance does not apply
    [InlineData("0.49", false)]
    public void Evaluate_BuyNewPrint_FillsIffStrictlyBelowLimit(string ltp, bool filled)
    {
        // Arrange
        var model = new TradeThroughFillModel();

        // Act
        var e = model.EvaluateNew(Side.Buy, 0.48m, 20.83m, Snap.Sample1(2, Snap.D(ltp)));

        // Assert
        Assert.Equal(filled, e.Filled);
        Assert.Equal(filled ? FillReasons.TradeThrough : FillReasons.NotCrossed, e.Reason);
    }

    [Theory]
    [InlineData("0.53", true)]
    [InlineData("0.52", false)]
    [InlineData("0.51", false)]
    public void Evaluate_SellNewPrint_FillsIffStrictlyAboveLimit(string ltp, bool filled)
    {
        // Arrange
        var model = new TradeThroughFillModel();

        // Act
        var e = model.EvaluateNew(Side.Sell, 0.52m, 19.6m, Snap.Sample1(2, Snap.D(ltp)));

        // Assert
        Assert.Equal(filled, e.Filled);
    }

    [Fact]
    public void Evaluate_PrintThrough_FillsAtLimitNotAtPrint()
    {
        // Act
        var e = new TradeThroughFillModel().EvaluateNew(Side.Buy, 0.48m, 20.83m, Snap.Sample1(2, 0.40m));

        // Assert
        Assert.Equal(0.48m, e.Price);
        Assert.Equal("limit", e.PriceSource);
    }

    [Fact]
    public void Evaluate_UnchangedPrintWithoutTradeTime_IsStaleNoFill()
    {
        // Act: the previous row also showed 0.47, so no trade happened since.
        var e = new TradeThroughFillModel().EvaluateStale(Side.Buy, 0.48m, 20.83m, Snap.Sample1(2, 0.47m));

        // Assert
        Assert.False(e.Filled);
        Assert.Equal(FillReasons.StalePrint, e.Reason);
    }

    [Theory]
    [InlineData(-1, false)] // traded a second before the order was live
    [InlineData(0, false)]  // at the live time: not after it
    [InlineData(1, true)]
    public void Evaluate_RowWithTradeTime_CountsPrintOnlyAfterLiveTime(int tradeOffsetSeconds, bool filled)
    {
        // Arrange: order live at t = 10 s; the previous row showed the same price, which the trade time overrides.
        var liveAt = Snap.At(10);
        var s = Snap.Sample1(12, 0.47m) with { LastTradeTs = liveAt.AddSeconds(tradeOffsetSeconds) };

        // Act
        var e = new TradeThroughFillModel().Evaluate(new RestingOrderView(Side.Buy, 0.48m, 20.83m, liveAt), s, previousLastTradePrice: 0.47m);

        // Assert
        Assert.Equal(filled, e.Filled);
    }

    [Fact]
    public void Evaluate_NoLtp_NoFill()
    {
        // Act
        var e = new TradeThroughFillModel().EvaluateNew(Side.Buy, 0.48m, 20.83m, Snap.Sample1(2, ltp: null));

        // Assert
        Assert.False(e.Filled);
        Assert.Equal(FillReasons.NoLtp, e.Reason);
    }

    [Fact]
    public void Name_IsTradeThrough() => Assert.Equal("trade-through", new TradeThroughFillModel().Name);
}
