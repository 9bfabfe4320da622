using PolyMM.Core.Economics;
using PolyMM.Core.Orders;
using PolyMM.Core.Quoting;

namespace PolyMM.Core.Tests.Economics;

public sealed class MarkoutsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 1, 12, 0, 0, TimeSpan.Zero);

    private static MarkSample Mark(double seconds, decimal mark) => new(0, T0.AddSeconds(seconds), mark);

    // Mid path: 0.50 until t = 5 s, 0.48 from 5 s, 0.47 from 30 s, 0.52 from 200 s; the data ends at t = 400 s.
    private static readonly MarkSample[] Marks = [Mark(0, 0.50m), Mark(5, 0.48m), Mark(30, 0.47m), Mark(200, 0.52m)];

    [Fact]
    public void Compute_BuyAndSell_SignsByTheSideAtEachHorizon()
    {
        // A buy of 100 @0.49 at t = 0 and a sell of 50 @0.49 at t = 150.
        MarkoutFill[] fills = [new(T0, Side.Buy, 0.49m, 100m), new(T0.AddSeconds(150), Side.Sell, 0.49m, 50m)];

        var m = Markouts.Compute(fills, Marks, Markouts.DefaultHorizons, T0.AddSeconds(400));

        // Buy: at fill mid 0.50 → capture +(0.50 − 0.49) = +0.01; +1 s → 0.50: +0.01; +10 s → 0.48: −0.01;
        // +60 s → 0.47: −0.02; +300 s → 0.52: +0.03. In USD × 100: +1, +1, −1, −2, +3.
        Assert.Equal(0.01m, m[0].SpreadCapture);
        Assert.Equal([0.01m, -0.01m, -0.02m, 0.03m], m[0].PerShare);
        Assert.Equal(-2m, m[0].Usd(2));
        // Sell at t = 150: mid 0.47 → capture −(0.47 − 0.49) = +0.02; +1 s (151) 0.47: +0.02; +10 s (160) 0.47: +0.02;
        // +60 s (210) 0.52: −(0.52 − 0.49) = −0.03; +300 s (450) is past the data's end at 400 s: unknown.
        Assert.Equal(0.02m, m[1].SpreadCapture);
        Assert.Equal([0.02m, 0.02m, -0.03m, null], m[1].PerShare);
        Assert.Null(m[1].Usd(3));
    }

    [Fact]
    public void MeanPerShare_KnownFills_IsShareWeighted()
    {
        MarkoutFill[] fills = [new(T0, Side.Buy, 0.49m, 100m), new(T0.AddSeconds(150), Side.Sell, 0.49m, 50m)];
        var m = Markouts.Compute(fills, Marks, Markouts.DefaultHorizons, T0.AddSeconds(400));

        // +60 s: (−0.02 × 100 + −0.03 × 50) / 150 = (−2 − 1.5) / 150 = −0.02333…; +300 s: only the buy, +0.03.
        Assert.Equal(-0.023333m, Math.Round(Markouts.MeanPerShare(m, 2)!.Value, 6));
        Assert.Equal(0.03m, Markouts.MeanPerShare(m, 3));
    }

    [Fact]
    public void Compute_FillBeforeTheFirstMark_HasNoCaptureButLaterMarkouts()
    {
        // A buy at t = −2 s: no mark yet; +1 s (−1 s) still none; +10 s (8 s) → 0.48: 0.48 − 0.45 = 0.03.
        var m = Markouts.Compute([new(T0.AddSeconds(-2), Side.Buy, 0.45m, 10m)], Marks, Markouts.DefaultHorizons, T0.AddSeconds(400));

        Assert.Null(m[0].MarkAtFill);
        Assert.Null(m[0].SpreadCapture);
        Assert.Null(m[0].PerShare[0]);
        Assert.Equal(0.03m, m[0].PerShare[1]);
    }

    [Fact]
    public void Compute_UnsortedMarks_Throws()
    {
        Assert.Throws<ArgumentException>(() => Markouts.Compute([], [Mark(5, 0.5m), Mark(1, 0.5m)], Markouts.DefaultHorizons));
    }
}
