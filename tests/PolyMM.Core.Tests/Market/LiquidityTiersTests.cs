using PolyMM.Core.Market;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Market;

public sealed class LiquidityTiersTests
{
    private static Snapshot Make(string? bid, string? ask, string? depthBid, string? depthAsk)
    {
        var b = Snap.D(bid);
        var a = Snap.D(ask);
        decimal? mid = b is { } x && a is { } y ? (x + y) / 2m : null;
        return new Snapshot(Snap.T0, b, a, mid, Snap.D(depthBid), Snap.D(depthAsk), null);
    }

    [Fact]
    public void Classify_SampleMarketOne_IsTierA()
    {
        // Arrange: the sample's sample-mkt-1 (docs/design.md#fixture-format). spread = (0.5025 − 0.4975)/0.5 = 0.005/0.5 = 0.01 exactly in decimal;
        // depth = 1200 + 1300 = 2500.
        var s = Snap.Sample1(0, 0.494m);

        // Act
        var tier = LiquidityTiers.Classify(s);

        // Assert
        Assert.Equal(0.01m, s.SpreadPct);
        Assert.Equal(LiquidityTier.A, tier);
    }

    [Theory]
    // A: spread ≤ 0.01 and depth ≥ 1000 (mid 0.5, so spread = (ask − bid)/0.5)
    [InlineData("0.4975", "0.5025", "500", "500", LiquidityTier.A)]      // 0.01, 1000: both exactly at the bound
    [InlineData("0.4975", "0.5025", "499.99", "500", LiquidityTier.B)]   // depth 999.99
    [InlineData("0.49749", "0.50251", "5000", "5000", LiquidityTier.B)] // spread 0.00502/0.5 = 0.01004
    [InlineData("0.5", "0.5", "1000", null, LiquidityTier.A)]           // one depth missing counts as 0
    // B: spread ≤ 0.03 and depth ≥ 250
    [InlineData("0.4925", "0.5075", "125", "125", LiquidityTier.B)]      // 0.03, 250: both exactly at the bound
    [InlineData("0.4925", "0.5075", "125", "124.99", LiquidityTier.C)]   // depth 249.99
    [InlineData("0.49249", "0.50751", "5000", "5000", LiquidityTier.C)] // spread 0.01502/0.5 = 0.03004
    // missing spread → 1.0, missing depth → 0
    [InlineData(null, "0.5025", "5000", "5000", LiquidityTier.C)]
    [InlineData("0.4975", null, "5000", "5000", LiquidityTier.C)]
    [InlineData("0.4999", "0.5001", null, null, LiquidityTier.C)]
    // a zero mid has no spread: treated as missing
    [InlineData("0", "0", "5000", "5000", LiquidityTier.C)]
    public void Classify_Boundaries_ReturnsExpectedTier(string? bid, string? ask, string? depthBid, string? depthAsk, LiquidityTier expected)
    {
        // Arrange
        var s = Make(bid, ask, depthBid, depthAsk);

        // Act
        var tier = LiquidityTiers.Classify(s);

        // Assert
        Assert.Equal(expected, tier);
    }
}
