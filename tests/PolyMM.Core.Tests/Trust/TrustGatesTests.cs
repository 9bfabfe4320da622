using PolyMM.Core.Quoting;
using PolyMM.Core.Trust;

namespace PolyMM.Core.Tests.Trust;

public sealed class TrustGatesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 6, 2, 9, 28, TimeSpan.Zero);

    // One round trip in m1: buy 20 @ 0.48 (notional 9.6, fee 0.00192), sell 20 @ 0.51 (10.2, fee 0.00204).
    // cash = 100 − 9.6 + 10.2 − 0.00192 − 0.00204 = 100.59604; realized = 20 × (0.51 − 0.48) = 0.6
    private static readonly FillFact Buy = new("r-1", "m1", Side.Buy, T0, T0.AddSeconds(2), 0.48m, 20m, 0.00192m, 0.47m, 0.49m, 0.48m);
    private static readonly FillFact Sell = new("r-2", "m1", Side.Sell, T0.AddSeconds(2), T0.AddSeconds(4), 0.51m, 20m, 0.00204m, 0.50m, 0.52m, 0.51m);
    private static readonly LotFact ClosedLot = new(1, "m1", 20m, 0.48m, true, 0.51m, 10.2m, 0.6m, 0.51m);
    private static readonly PortfolioFact Good = new(100m, 100.59604m, 100.59604m, 0.6m, 0m, 0.00396m);

    private static List<GateIssue> Check(PortfolioFact p, FillFact[] fills, LotFact[] lots, decimal total = 1000m, decimal perMarket = 100m) =>
        TrustGates.Check(p, fills, lots, total, perMarket, checkMarks: true);

    [Fact]
    public void Check_ConsistentRoundTrip_HasNoIssues()
    {
        Assert.Empty(Check(Good, [Buy, Sell], [ClosedLot]));
    }

    [Fact]
    public void Check_CashOffByOneMicroDollar_FailsCashIdentity()
    {
        var issues = Check(Good with { Cash = 100.596041m, TotalValue = 100.596041m }, [Buy, Sell], [ClosedLot]);

        Assert.Contains(issues, i => i.Code == "cash_mismatch");
    }

    [Fact]
    public void Check_FillNotAfterItsOrderBecameLive_IsLookAhead()
    {
        var issues = Check(Good, [Buy with { FillAt = Buy.LiveAt }, Sell], [ClosedLot]);

        Assert.Contains(issues, i => i.Code == "look_ahead" && i.OrderId == "r-1");
    }

    [Fact]
    public void Check_SellBeforeAnyBuy_IsNegativeInventory()
    {
        var issues = Check(Good, [Sell with { FillAt = T0.AddSeconds(1) }, Buy], [ClosedLot]);

        Assert.Contains(issues, i => i.Code == "negative_inventory");
    }

    [Fact]
    public void Check_BuyAbovePerMarketCap_IsCaught()
    {
        // cost 20 × 0.48 = 9.6 > cap 9.59
        var issues = Check(Good, [Buy, Sell], [ClosedLot], perMarket: 9.59m);

        Assert.Contains(issues, i => i.Code == "per_market_exposure_exceeded");
    }

    [Fact]
    public void Check_BuyAboveTotalCap_IsCaught()
    {
        var issues = Check(Good, [Buy, Sell], [ClosedLot], total: 9m);

        Assert.Contains(issues, i => i.Code == "total_exposure_exceeded");
    }

    [Theory]
    [InlineData("10.19", "0.6", "proceeds_mismatch")]
    [InlineData("10.2", "0.61", "realized_mismatch")]
    public void Check_ClosedLotArithmeticWrong_IsCaught(string proceeds, string realized, string code)
    {
        var lot = ClosedLot with
        {
            Proceeds = decimal.Parse(proceeds, System.Globalization.CultureInfo.InvariantCulture),
            RealizedPnl = decimal.Parse(realized, System.Globalization.CultureInfo.InvariantCulture),
        };

        Assert.Contains(Check(Good, [Buy, Sell], [lot]), i => i.Code == code);
    }

    [Fact]
    public void Check_FillWithoutSnapshotOrCrossedBook_IsCaught()
    {
        var noSnapshot = Check(Good, [Buy with { Mid = null }, Sell], [ClosedLot]);
        var crossed = Check(Good, [Buy with { BestBid = 0.50m, BestAsk = 0.49m, Mid = 0.495m }, Sell], [ClosedLot]);
        var badMid = Check(Good, [Buy with { Mid = 0.4801m }, Sell], [ClosedLot]);

        Assert.Contains(noSnapshot, i => i.Code == "fill_without_snapshot");
        Assert.Contains(crossed, i => i.Code == "snapshot_bid_gt_ask");
        Assert.Contains(badMid, i => i.Code == "snapshot_mid_mismatch");
    }

    [Fact]
    public void Check_OpenLotMarkedAwayFromTotalValue_FailsTotalValue()
    {
        // Only the buy: cash = 100 − 9.6 − 0.00192 = 90.39808; 20 shares open marked at 0.5 → 10; total 100.39808
        var p = new PortfolioFact(100m, 90.39808m, 100.39808m, 0m, 0.4m, 0.00192m);
        var lot = new LotFact(1, "m1", 20m, 0.48m, false, null, null, null, 0.5m);

        Assert.Empty(Check(p, [Buy], [lot]));
        Assert.Contains(Check(p, [Buy], [lot with { CurrentPrice = 0.49m }]), i => i.Code == "total_value_mismatch");
    }

    [Fact]
    public void Check_EquityIdentityBroken_IsCaught()
    {
        var issues = Check(Good with { Unrealized = 0.01m }, [Buy, Sell], [ClosedLot]);

        Assert.Contains(issues, i => i.Code == "equity_identity");
    }

    [Fact]
    public void Check_FillsSumPastTheirOrder_FailsNamingTheOrder()
    {
        // Two stored fills of r-1 (12 + 8 = 20 shares) against an order of 15 shares.
        var first = Buy with { Shares = 12m, FillId = 1, OrderShares = 15m };
        var second = Buy with { Shares = 8m, FillId = 2, OrderShares = 15m };

        var issues = Check(Good, [first, second, Sell], [ClosedLot]);

        Assert.Contains(issues, i => i.Code == "fill_exceeds_remaining" && i.OrderId == "r-1");
    }

    [Fact]
    public void Check_RepeatedFillId_FailsNamingTheOrder()
    {
        var issues = Check(Good, [Buy with { FillId = 1 }, Buy with { FillId = 1 }, Sell with { FillId = 2 }], [ClosedLot]);

        Assert.Contains(issues, i => i.Code == "duplicate_fill_id" && i.OrderId == "r-1");
    }
}
