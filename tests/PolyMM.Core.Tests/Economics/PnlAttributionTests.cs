using PolyMM.Core.Economics;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Tests.Economics;

public sealed class PnlAttributionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private static MarkSample Mark(double seconds, decimal mark) => new(0, T0.AddSeconds(seconds), mark);

    // Mid 0.50 from 0 s, 0.52 from 30 s, 0.47 from 90 s; the data ends at 400 s.
    private static readonly MarkSample[] Marks = [Mark(0, 0.50m), Mark(30, 0.52m), Mark(90, 0.47m)];

    private static IReadOnlyList<FillMarkouts> Fills(params IReadOnlyList<MarkoutFill> fills) =>
        Markouts.Compute(fills, Marks, Markouts.DefaultHorizons, T0.AddSeconds(400));

    [Fact]
    public void Attribute_HandBuiltFills_PartsAddUpToNetExactly()
    {
        var m = Fills(
            new MarkoutFill(T0, Side.Buy, 0.49m, 100m),
            new MarkoutFill(T0.AddSeconds(100), Side.Sell, 0.53m, 40m),
            new MarkoutFill(T0.AddSeconds(380), Side.Buy, 0.46m, 10m));
        // Gross by hand (FIFO): the sell closes 40 of the 0.49 lot: realized 40 × (0.53 − 0.49) = 1.60; open 60 @ 0.49 and
        // 10 @ 0.46 marked at 0.47: 60 × −0.02 + 10 × 0.01 = −1.10; gross = 0.50.
        const decimal gross = 0.50m;

        var parts = PnlAttribution.Attribute(gross, m, PnlAttribution.DefaultAdverseHorizon, rewardsUsd: 0.30m, rebatesUsd: 0.05m, feesUsd: 0.0316m);

        // Spread: buy (0.50 − 0.49) × 100 = 1.00; sell −(0.47 − 0.53) × 40 = 2.40; late buy (0.47 − 0.46) × 10 = 0.10 → 3.50.
        Assert.Equal(3.50m, parts.SpreadCaptureUsd);
        // Adverse at +60 s: buy (mid 60 s = 0.52) (0.52 − 0.50) × 100 = 2.00; sell (160 s: 0.47) −(0.47 − 0.47) × 40 = 0;
        // late buy: 440 s is past the data's end → 0, counted unknown. Total 2.00.
        Assert.Equal(2.00m, parts.AdverseSelectionUsd);
        Assert.Equal(1, parts.AdverseUnknownFills);
        Assert.Equal(0, parts.SpreadUnknownFills);
        // Inventory = 0.50 − 3.50 − 2.00 = −5.00: the 60 held shares fell 0.52 → 0.47 after the first minute.
        Assert.Equal(-5.00m, parts.InventoryPnlUsd);
        // net = 3.50 + 2.00 − 5.00 + 0.30 + 0.05 − 0.0316 = 0.8184 = gross + rewards + rebates − fees.
        Assert.Equal(0.8184m, parts.NetPnlUsd);
        Assert.Equal(gross + 0.30m + 0.05m - 0.0316m, parts.NetPnlUsd);
        Assert.Equal(gross, parts.GrossPnlUsd);
    }

    [Fact]
    public void Attribute_FillBeforeTheFirstMark_CountsBothUnknownAndLeavesItInInventory()
    {
        // A buy of 10 @ 0.45 at −5 s: no mark at its fill, so it adds 0 to both measured parts; its gross (say 0.20) is all inventory.
        var m = Fills(new MarkoutFill(T0.AddSeconds(-5), Side.Buy, 0.45m, 10m));

        var parts = PnlAttribution.Attribute(0.20m, m, PnlAttribution.DefaultAdverseHorizon, null, null, 0m);

        Assert.Equal(0m, parts.SpreadCaptureUsd);
        Assert.Equal(0m, parts.AdverseSelectionUsd);
        Assert.Equal(0.20m, parts.InventoryPnlUsd);
        Assert.Equal(1, parts.SpreadUnknownFills);
        Assert.Equal(1, parts.AdverseUnknownFills);
        Assert.Equal(0.20m, parts.NetPnlUsd);
    }

    [Fact]
    public void ComputeOne_SameFill_EqualsCompute()
    {
        var fill = new MarkoutFill(T0.AddSeconds(20), Side.Sell, 0.51m, 7m);

        var one = Markouts.ComputeOne(fill, Marks, Markouts.DefaultHorizons, T0.AddSeconds(400));

        // Sell @ 0.51 at 20 s: +1 s (21) 0.50 → −(0.50 − 0.51) = 0.01; +10 s (30) 0.52 → −0.01; +60 s (80) 0.52 → −0.01;
        // +300 s (320) 0.47 → 0.04.
        Assert.Equal([0.01m, -0.01m, -0.01m, 0.04m], one.PerShare);
        Assert.Equal(Fills(fill)[0].PerShare, one.PerShare);
    }
}
