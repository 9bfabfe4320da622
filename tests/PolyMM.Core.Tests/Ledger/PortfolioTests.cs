using PolyMM.Core.Ledger;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Ledger;

public sealed class PortfolioTests
{
    private static readonly DateTimeOffset T1 = Snap.At(2);
    private static readonly DateTimeOffset T2 = Snap.At(4);
    private static readonly DateTimeOffset T3 = Snap.At(6);

    private static void AssertIdentities(Portfolio p)
    {
        // total_value − bankroll = realized + unrealized − fees, exactly.
        Assert.Equal(p.Realized + p.Unrealized - p.Fees, p.TotalValue - p.Bankroll);
        Assert.Equal(p.Cash + p.OpenValue, p.TotalValue);
    }

    [Fact]
    public void Buy_OneFill_OpensLotAndChargesNotionalPlusFee()
    {
        // Arrange
        var p = new Portfolio(1000m, 1);

        // Act
        var lot = p.Buy(0, T1, 20.83m, 0.48m, 0.002m, "limit");

        // Assert: cash = 1000 − 20.83 × 0.48 − 0.002 = 1000 − 9.9984 − 0.002 = 989.9996
        Assert.Equal(989.9996m, p.Cash);
        Assert.Equal(0.002m, p.Fees);
        Assert.Equal(9.9984m, p.OpenCost);
        Assert.Equal(9.9984m, p.OpenCostOf(0));
        Assert.Equal(20.83m, p.SharesHeld(0));
        Assert.Equal(1L, lot.Id);
        Assert.Equal(T1, p.OldestLotOpenedAt(0));
        Assert.Equal(0m, p.Realized);
        AssertIdentities(p);
    }

    [Fact]
    public void Sell_WholeLot_ClosesLotAndRealizesPnL()
    {
        // Arrange
        var p = new Portfolio(100m, 1);
        p.Buy(0, T1, 10m, 0.40m, 0m, "limit");
        var records = new List<LotRecord>();

        // Act
        p.Sell(0, T2, 10m, 0.45m, 0m, "limit", records.Add);

        // Assert: realized = 10 × (0.45 − 0.40) = 0.50; cash = 100 − 4.00 + 4.50 = 100.50
        var closed = Assert.Single(records);
        Assert.True(closed.Closed);
        Assert.Equal(1L, closed.Id);
        Assert.Equal(0.50m, closed.RealizedPnl);
        Assert.Equal(4.50m, closed.Proceeds);
        Assert.Equal(0.50m, p.Realized);
        Assert.Equal(100.50m, p.Cash);
        Assert.Equal(0m, p.SharesHeld(0));
        Assert.Equal(0m, p.OpenCost);
        Assert.Null(p.OldestLotOpenedAt(0));
        AssertIdentities(p);
    }

    [Fact]
    public void Sell_PartialCloseOfOneLot_SplitsLotAndRealizesPnL()
    {
        // Arrange
        var p = new Portfolio(100m, 1);
        p.Buy(0, T1, 20m, 0.45m, 0.0018m, "limit");
        var records = new List<LotRecord>();

        // Act
        p.Sell(0, T2, 8m, 0.55m, 0.00088m, "limit", records.Add);

        // Assert: closed part 8 × (0.55 − 0.45) = 0.80 realized, under a new id with no entry fee;
        // remainder 20 − 8 = 12 shares keeps id 1, its entry fee and cost 12 × 0.45 = 5.40.
        Assert.Equal(2, records.Count);
        var closedPart = records[0];
        var remainder = records[1];
        Assert.Equal(2L, closedPart.Id);
        Assert.True(closedPart.Closed);
        Assert.Equal(8m, closedPart.Shares);
        Assert.Equal(0.80m, closedPart.RealizedPnl);
        Assert.Equal(0m, closedPart.EntryFee);
        Assert.Equal(1L, remainder.Id);
        Assert.False(remainder.Closed);
        Assert.Equal(12m, remainder.Shares);
        Assert.Equal(0.0018m, remainder.EntryFee);
        Assert.Equal(12m, p.SharesHeld(0));
        Assert.Equal(5.40m, p.OpenCostOf(0));
        Assert.Equal(0.80m, p.Realized);
        // cash = 100 − 9.00 − 0.0018 + 8 × 0.55 − 0.00088 = 100 − 9.0018 + 4.40 − 0.00088 = 95.39732
        Assert.Equal(95.39732m, p.Cash);
        Assert.Equal(0.00268m, p.Fees);
        AssertIdentities(p);
    }

    [Fact]
    public void Sell_SpanningSeveralLots_ClosesFifoAndSplitsTheLast()
    {
        // Arrange: three lots, oldest first.
        var p = new Portfolio(100m, 1);
        p.Buy(0, T1, 10m, 0.40m, 0m, "limit");
        p.Buy(0, T2, 10m, 0.50m, 0m, "limit");
        p.Buy(0, T3, 10m, 0.30m, 0m, "limit");
        var records = new List<LotRecord>();

        // Act
        p.Sell(0, Snap.At(8), 15m, 0.60m, 0m, "limit", records.Add);

        // Assert: lot 1 closes whole: 10 × (0.60 − 0.40) = 2.00; lot 2 splits: 5 × (0.60 − 0.50) = 0.50;
        // realized = 2.50. Lot 3 (the cheapest, but newest) is untouched: FIFO, not best-price.
        Assert.Equal(3, records.Count);
        Assert.Equal((1L, 10m, 2.00m), (records[0].Id, records[0].Shares, records[0].RealizedPnl!.Value));
        Assert.Equal((4L, 5m, 0.50m), (records[1].Id, records[1].Shares, records[1].RealizedPnl!.Value));
        Assert.Equal((2L, 5m, false), (records[2].Id, records[2].Shares, records[2].Closed));
        Assert.Equal(2.50m, p.Realized);
        // open: 5 × 0.50 + 10 × 0.30 = 2.50 + 3.00 = 5.50
        Assert.Equal(5.50m, p.OpenCost);
        Assert.Equal(15m, p.SharesHeld(0));
        Assert.Equal(T2, p.OldestLotOpenedAt(0));
        Assert.Equal(new[] { 5m, 10m }, p.OpenLots(0).Select(l => l.Shares));
        AssertIdentities(p);
    }

    [Fact]
    public void Sell_AtALoss_RealizesNegativePnL()
    {
        // Arrange
        var p = new Portfolio(100m, 1);
        p.Buy(0, T1, 10m, 0.50m, 0m, "limit");

        // Act
        p.Sell(0, T2, 10m, 0.42m, 0m, "limit", _ => { });

        // Assert: 10 × (0.42 − 0.50) = −0.80
        Assert.Equal(-0.80m, p.Realized);
        Assert.Equal(99.20m, p.Cash);
        AssertIdentities(p);
    }

    [Fact]
    public void Sell_MoreThanHeld_ThrowsAndLeavesStateUnchanged()
    {
        // Arrange
        var p = new Portfolio(100m, 1);
        p.Buy(0, T1, 10m, 0.40m, 0m, "limit");
        var records = new List<LotRecord>();

        // Act
        var ex = Assert.Throws<InvalidOperationException>(() => p.Sell(0, T2, 10.01m, 0.5m, 0m, "limit", records.Add));

        // Assert
        Assert.Contains("long-only", ex.Message, StringComparison.Ordinal);
        Assert.Empty(records);
        Assert.Equal(10m, p.SharesHeld(0));
        Assert.Equal(96m, p.Cash);
    }

    [Fact]
    public void Sell_WithNothingHeld_Throws()
    {
        // Arrange
        var p = new Portfolio(100m, 2);
        p.Buy(1, T1, 10m, 0.40m, 0m, "limit");

        // Act + Assert: shares in another market do not count.
        Assert.Throws<InvalidOperationException>(() => p.Sell(0, T2, 1m, 0.5m, 0m, "limit", _ => { }));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void BuyOrSell_NonPositiveShares_Throws(string shares)
    {
        // Arrange
        var p = new Portfolio(100m, 1);
        var n = Snap.D(shares)!.Value;

        // Act + Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Buy(0, T1, n, 0.4m, 0m, "limit"));
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Sell(0, T1, n, 0.4m, 0m, "limit", _ => { }));
    }

    [Fact]
    public void Buy_NegativeFee_Throws()
    {
        // Arrange
        var p = new Portfolio(100m, 1);

        // Act + Assert
        Assert.Throws<ArgumentOutOfRangeException>(() => p.Buy(0, T1, 1m, 0.4m, -0.000001m, "limit"));
    }

    [Fact]
    public void Fees_TieRoundedHalfEven_ChargedToCash()
    {
        // Arrange: 5.01 shares × 0.25 = 1.2525 notional; fee = 1.2525 × 2bps = 0.0002505 → 0.000250 (half-even).
        var p = new Portfolio(100m, 1);
        var fee = Money.Fee(5.01m * 0.25m, 2m);

        // Act
        p.Buy(0, T1, 5.01m, 0.25m, fee, "limit");

        // Assert: cash = 100 − 1.2525 − 0.000250 = 98.74725
        Assert.Equal(0.000250m, fee);
        Assert.Equal(98.74725m, p.Cash);
        AssertIdentities(p);
    }

    [Fact]
    public void OpenValue_NoMarkYet_ValuedAtEntryPrice()
    {
        // Arrange
        var p = new Portfolio(100m, 2);
        p.Buy(0, T1, 10m, 0.40m, 0m, "limit");

        // Act
        var value = p.OpenValue;

        // Assert: 10 × 0.40 = 4.00, unrealized 0
        Assert.Equal(4.00m, value);
        Assert.Equal(0m, p.Unrealized);
    }

    [Fact]
    public void Unrealized_MarkMoves_IdentityHoldsExactly()
    {
        // Arrange: two markets, fees, a partial close, marks off the entry prices.
        var p = new Portfolio(1000m, 2);
        p.Buy(0, T1, 20.83m, 0.48m, Money.Fee(20.83m * 0.48m, 2m), "limit");
        p.Buy(1, T1, 33.33m, 0.3m, Money.Fee(33.33m * 0.3m, 2m), "limit");
        p.Buy(0, T2, 21.27m, 0.47m, Money.Fee(21.27m * 0.47m, 2m), "limit");
        p.Sell(0, T3, 19.6m, 0.51m, Money.Fee(19.6m * 0.51m, 2m), "limit", _ => { });
        p.SetMark(0, 0.4925m);
        p.SetMark(1, 0.3175m);

        // Act
        var equity = p.TotalValue - p.Bankroll;

        // Assert: realized = 19.6 × (0.51 − 0.48) = 0.588;
        // fees = 0.002 (9.9984) + 0.002 (9.999) + 0.001999 (9.9969) + 0.001999 (9.996) = 0.007998;
        // open: market 0 = 1.23 × 0.48 + 21.27 × 0.47 = 0.5904 + 9.9969 = 10.5873 at cost, marked 22.5 × 0.4925 = 11.08125;
        // market 1 = 9.999 at cost, marked 33.33 × 0.3175 = 10.582275; unrealized = 11.08125 + 10.582275 − 10.5873 − 9.999 = 1.077225.
        Assert.Equal(0.588m, p.Realized);
        Assert.Equal(0.007998m, p.Fees);
        Assert.Equal(1.077225m, p.Unrealized);
        Assert.Equal(0.588m + 1.077225m - 0.007998m, equity);
        AssertIdentities(p);
    }

    [Fact]
    public void Cash_AfterMixedFills_EqualsBankrollMinusBuysPlusSellsMinusFees()
    {
        // Arrange
        var p = new Portfolio(500m, 1);

        // Act
        p.Buy(0, T1, 10m, 0.40m, 0.0008m, "limit");
        p.Buy(0, T2, 10m, 0.50m, 0.001m, "limit");
        p.Sell(0, T3, 12m, 0.55m, 0.00132m, "limit", _ => { });

        // Assert: 500 − (4.00 + 5.00) + 6.60 − (0.0008 + 0.001 + 0.00132) = 500 − 9.00 + 6.60 − 0.00312 = 497.59688
        Assert.Equal(497.59688m, p.Cash);
        // realized = 10 × 0.15 + 2 × 0.05 = 1.60
        Assert.Equal(1.60m, p.Realized);
        AssertIdentities(p);
    }

    [Fact]
    public void OpenValue_AfterMarksAndFills_IsTheSumComputedAfreshBitForBit()
    {
        var p = new Portfolio(1000m, 2);
        p.Buy(0, T1, 10m, 0.40m, 0m, "limit");

        // No mark yet: the lot's cost, 10 × 0.40 = 4.00.
        Assert.Equal(decimal.GetBits(4.00m), decimal.GetBits(p.OpenValue));

        // Marked at 0.5: 10 × 0.5 = 5.0; the same mark written 0.50 gives 5.00, which is a different decimal.
        p.SetMark(0, 0.5m);
        Assert.Equal(decimal.GetBits(5.0m), decimal.GetBits(p.OpenValue));
        p.SetMark(0, 0.50m);
        Assert.Equal(decimal.GetBits(5.00m), decimal.GetBits(p.OpenValue));

        // A second market's buy and a partial sell move it too: 4 × 0.50 + 2 × 0.30 (no mark: cost) = 2.00 + 0.60 = 2.60.
        p.Buy(1, T1, 2m, 0.30m, 0m, "limit");
        p.Sell(0, T1, 6m, 0.45m, 0m, "limit", _ => { });
        Assert.Equal(decimal.GetBits(2.60m), decimal.GetBits(p.OpenValue));
    }
}
