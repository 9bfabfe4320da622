using PolyMM.Core.Fills;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Fills;

public sealed class TouchFillModelTests
{
    [Theory]
    [InlineData("0.48", true)]          // at the limit
    [InlineData("0.47", true)]          // traded through
    [InlineData("0.480000001", true)]   // limit + 1e-9: tolerated
    [InlineData("0.4800000011", false)] // beyond the tolerance
    [InlineData("0.49", false)]
    public void Evaluate_Buy_FillsIffLtpAtOrBelowLimitPlusEps(string ltp, bool filled)
    {
        // Arrange
        var model = new TouchFillModel();
        var s = Snap.Sample1(2, Snap.D(ltp));

        // Act
        var e = model.EvaluateNew(Side.Buy, 0.48m, 20.83m, s);

        // Assert
        Assert.Equal(filled, e.Filled);
        Assert.Equal(filled ? FillReasons.TradeThrough : FillReasons.NotCrossed, e.Reason);
        Assert.Equal(Snap.D(ltp), e.Diagnostics.Ref);
    }

    [Theory]
    [InlineData("0.52", true)]
    [InlineData("0.53", true)]
    [InlineData("0.519999999", true)]   // limit − 1e-9: tolerated
    [InlineData("0.5199999989", false)] // beyond the tolerance
    [InlineData("0.51", false)]
    public void Evaluate_Sell_FillsIffLtpAtOrAboveLimitMinusEps(string ltp, bool filled)
    {
        // Arrange
        var model = new TouchFillModel();
        var s = Snap.Sample1(2, Snap.D(ltp));

        // Act
        var e = model.EvaluateNew(Side.Sell, 0.52m, 19.6m, s);

        // Assert
        Assert.Equal(filled, e.Filled);
    }

    [Theory]
    [InlineData(Side.Buy, "0.48", "0.47")]
    [InlineData(Side.Sell, "0.52", "0.53")]
    public void Evaluate_DefaultPrice_FillsAtLimitNotAtLtp(Side side, string limit, string ltp)
    {
        // Arrange
        var model = new TouchFillModel();

        // Act
        var e = model.EvaluateNew(side, Snap.D(limit)!.Value, 10m, Snap.Sample1(2, Snap.D(ltp)));

        // Assert
        Assert.True(e.Filled);
        Assert.Equal(Snap.D(limit), e.Price);
        Assert.Equal("limit", e.PriceSource);
    }

    [Theory]
    [InlineData(Side.Buy, "0.48", "0.47")]
    [InlineData(Side.Sell, "0.52", "0.53")]
    public void Evaluate_FillAtLtp_FillsAtThePrint(Side side, string limit, string ltp)
    {
        // Arrange
        var model = new TouchFillModel(fillAtLtp: true);

        // Act
        var e = model.EvaluateNew(side, Snap.D(limit)!.Value, 10m, Snap.Sample1(2, Snap.D(ltp)));

        // Assert
        Assert.True(e.Filled);
        Assert.Equal(Snap.D(ltp), e.Price);
        Assert.Equal("ltp", e.PriceSource);
    }

    [Theory]
    // a print within the 1e-9 tolerance on the wrong side of the limit fills, but not at a price worse than the limit
    [InlineData(Side.Buy, "0.48", "0.480000001")]
    [InlineData(Side.Sell, "0.52", "0.519999999")]
    public void Evaluate_FillAtLtpWithinTolerance_NeverWorseThanLimit(Side side, string limit, string ltp)
    {
        // Arrange
        var model = new TouchFillModel(fillAtLtp: true);

        // Act
        var e = model.EvaluateNew(side, Snap.D(limit)!.Value, 20.83m, Snap.Sample1(2, Snap.D(ltp)));

        // Assert
        Assert.True(e.Filled);
        Assert.Equal(Snap.D(limit), e.Price);
    }

    [Theory]
    [InlineData(Side.Buy)]
    [InlineData(Side.Sell)]
    public void Evaluate_NoLtp_NoFill(Side side)
    {
        // Arrange: a mid is present but the strict model only trusts prints.
        var model = new TouchFillModel();

        // Act
        var e = model.EvaluateNew(side, 0.5m, 10m, Snap.Sample1(2, ltp: null));

        // Assert
        Assert.False(e.Filled);
        Assert.Equal(FillReasons.NoLtp, e.Reason);
    }

    [Fact]
    public void Name_IsTouch() => Assert.Equal("touch", new TouchFillModel().Name);

    [Fact]
    public void Evaluate_StalePrintAtLimit_StillFills()
    {
        // Arrange: the optimistic part of touch — a print seen on the previous row already counts.
        var model = new TouchFillModel();

        // Act
        var e = model.EvaluateStale(Side.Buy, 0.48m, 20.83m, Snap.Sample1(2, 0.47m));

        // Assert
        Assert.True(e.Filled);
    }
}
