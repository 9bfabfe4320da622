using PolyMM.Core.Ledger;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;
using PolyMM.Core.Trust;

namespace PolyMM.Core.Tests.Ledger;

/// <summary>Portfolio.Apply, the only FIFO (docs/design.md#ledger), and the trust replay built on it.</summary>
public sealed class PortfolioApplyTests
{
    private static readonly DateTimeOffset T = new(2026, 2, 6, 2, 9, 28, TimeSpan.Zero);

    private static FillRecord Fill(long id, Side side, decimal shares, decimal price, decimal fee) =>
        new(id, id, 0, side, T.AddSeconds(id), shares, price, fee, true, "limit", "test", default, default, null);

    [Fact]
    public void Apply_RepeatedFillId_RefusedAndNothingChanges()
    {
        var p = new Portfolio(100m, 1);
        var first = p.Apply(Fill(1, Side.Buy, 10m, 0.5m, 0.001m));

        var again = p.Apply(Fill(1, Side.Buy, 10m, 0.5m, 0.001m));

        // cash = 100 − 10 × 0.5 − 0.001 = 94.999, once.
        Assert.True(first.Applied);
        Assert.Equal((FillRefusal.DuplicateFillId, (long?)null), (again.Refusal, again.LotId));
        Assert.Equal(94.999m, p.Cash);
        Assert.Equal(10m, p.SharesHeld(0));
    }

    [Fact]
    public void Apply_SellMoreThanHeld_Refused()
    {
        var p = new Portfolio(100m, 1);
        p.Apply(Fill(1, Side.Buy, 10m, 0.5m, 0m));

        var sell = p.Apply(Fill(2, Side.Sell, 10.01m, 0.6m, 0m));

        Assert.Equal(FillRefusal.ExceedsHeld, sell.Refusal);
        Assert.Equal(10m, p.SharesHeld(0));
    }

    [Fact]
    public void Apply_SellAcrossThreeLots_ExitFeePartsSumExactlyToTheFee()
    {
        // Three lots of 1, 1 and 1 share; one sell of 3 shares with fee 0.000010: pro rata 1/3 each = 0.0000033… → 0.000003,
        // 0.000003, and the last lot takes the rest, 0.000004. 3 + 3 + 4 = 10 micro-USD, exactly the fill's fee.
        var p = new Portfolio(100m, 1);
        p.Apply(Fill(1, Side.Buy, 1m, 0.5m, 0m));
        p.Apply(Fill(2, Side.Buy, 1m, 0.5m, 0m));
        p.Apply(Fill(3, Side.Buy, 1m, 0.5m, 0m));
        var rows = new List<LotRecord>();

        var sell = p.Apply(Fill(4, Side.Sell, 3m, 0.6m, 0.00001m), rows.Add);

        Assert.Equal(1L, sell.LotId);
        Assert.Equal([0.000003m, 0.000003m, 0.000004m], rows.Where(r => r.Closed).Select(r => r.ExitFee));
        Assert.Equal(0.00001m, rows.Sum(r => r.ExitFee));
        Assert.Equal(p.Realized + p.Unrealized - p.Fees, p.TotalValue - p.Bankroll);
    }

    [Fact]
    public void InventoryReplay_RepeatedFillId_GateIssueNamingTheOrder()
    {
        var replay = new InventoryReplay(1000m, 1000m);
        Assert.Null(replay.Apply("run-1", "m", Side.Buy, 10m, 0.5m, fillId: 5));

        var issue = replay.Apply("run-1", "m", Side.Buy, 10m, 0.5m, fillId: 5);

        Assert.Equal((OrderReasons.DuplicateFillId, "run-1"), (issue!.Value.Code, issue.Value.OrderId));
        Assert.Equal(5m, replay.MaxTotal);
    }

    [Fact]
    public void InventoryReplay_SellBeyondHeld_NegativeInventory()
    {
        var replay = new InventoryReplay(1000m, 1000m);
        replay.Apply("run-1", "m", Side.Buy, 10m, 0.5m);

        var issue = replay.Apply("run-2", "m", Side.Sell, 12m, 0.5m);

        Assert.Equal(("negative_inventory", "run-2"), (issue!.Value.Code, issue.Value.OrderId));
        Assert.Contains("by 2", issue.Value.Message, StringComparison.Ordinal);
    }
}
