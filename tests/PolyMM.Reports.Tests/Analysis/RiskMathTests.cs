using PolyMM.Reports.Analysis;

namespace PolyMM.Reports.Tests.Analysis;

public sealed class RiskMathTests
{
    private const long Sec = 1_000_000L;

    [Fact]
    public void MinuteReturns_EquityEachMinute_RatiosOfConsecutiveMinutes()
    {
        // 100 → 110 → 99 → 108.9 at 0, 60, 120, 180 s: +10 %, −10 %, +10 %.
        SeriesPoint[] equity = [new(0, 100m), new(60 * Sec, 110m), new(120 * Sec, 99m), new(180 * Sec, 108.9m)];

        var r = RiskMath.MinuteReturns(equity, 100m, 0, 180 * Sec);

        Assert.Equal([0.1, -0.1, 0.1], r);
    }

    [Fact]
    public void MinuteReturns_GapsAndPartMinute_HoldLastSampleAndDropTheTail()
    {
        // Start equity 100 (no sample yet at 0); 105 from 30 s; nothing new until 200 s. Minutes end at 60 and 120 s
        // (180 s too, 200 s is not a whole minute past 180): 105/100 − 1 = 0.05, then 0, 0.
        SeriesPoint[] equity = [new(30 * Sec, 105m), new(200 * Sec, 90m)];

        var r = RiskMath.MinuteReturns(equity, 100m, 0, 230 * Sec);

        Assert.Equal([0.05, 0d, 0d], r);
    }

    [Fact]
    public void SharpeAndSortino_ThreeReturns_MatchHandArithmetic()
    {
        double[] r = [0.1, -0.1, 0.1];

        // mean = 0.1/3 = 0.0333…; sample sd = √((0.0667² + 0.1333² + 0.0667²)/2) = 0.2/√3 = 0.11547;
        // Sharpe = (1/30)/(0.2/√3) × √525,600 = (√3/6) × 724.98276 = 209.28450.
        Assert.Equal(209.28449536, RiskMath.Sharpe(r)!.Value, 6);
        // Downside deviation = √(0.01/3) = 0.1/√3; Sortino = (1/30)/(0.1/√3) × √525,600 = (√3/3) × 724.98276 = 418.56899.
        Assert.Equal(418.56899073, RiskMath.Sortino(r)!.Value, 6);
    }

    [Fact]
    public void Sharpe_OneMinute_IsNull()
    {
        Assert.Null(RiskMath.Sharpe([0.1]));
        Assert.Null(RiskMath.Sortino([0.1]));
    }

    [Fact]
    public void Sortino_NoLosingMinute_IsNull()
    {
        Assert.Null(RiskMath.Sortino([0.1, 0.2]));
        Assert.NotNull(RiskMath.Sharpe([0.1, 0.2]));
    }

    [Fact]
    public void Drawdown_FallAndRecovery_DepthDurationAndTimeUnderWater()
    {
        // Peak 120 at 10 s, trough 90 at 20 s: (120 − 90)/120 = 0.25; back to 120 at 40 s: 40 − 10 = 30 s.
        // A later dip 130 → 117 is 10 %, not the worst. Under water: [20, 30) and [30, 40) = 20 s of 60 s = 1/3.
        SeriesPoint[] equity =
        [
            new(0, 100m), new(10 * Sec, 120m), new(20 * Sec, 90m), new(30 * Sec, 110m), new(40 * Sec, 120m), new(50 * Sec, 130m), new(60 * Sec, 117m),
        ];

        var d = RiskMath.Drawdown(equity);

        Assert.Equal(0.25, d.MaxDrawdownPct);
        Assert.Equal(30d, d.MaxDrawdownDurationSec);
        Assert.Equal(1d / 3d, d.TimeUnderWaterPct!.Value, 12);
    }

    [Fact]
    public void Drawdown_NeverRecovers_LastsToTheLastSample()
    {
        // Peak 100 at 0 s, 80 at 5 s (20 %), 90 at 20 s: never back, so the drawdown lasts 0 → 20 s, under water from 5 s on: 15 of 20 s.
        SeriesPoint[] equity = [new(0, 100m), new(5 * Sec, 80m), new(20 * Sec, 90m)];

        var d = RiskMath.Drawdown(equity);

        Assert.Equal(0.2, d.MaxDrawdownPct);
        Assert.Equal(20d, d.MaxDrawdownDurationSec);
        Assert.Equal(0.75, d.TimeUnderWaterPct);
    }

    [Fact]
    public void Drawdown_FallRecoverDeeperFall_DeepestFromRunningPeak()
    {
        // Peak 100 → 90 (10 %), new peak 120 → 84 (30 %), → 130.
        var equity = new[] { 100m, 90m, 120m, 84m, 130m }.Select((v, i) => new SeriesPoint(i * 1_000_000L, v)).ToList();

        Assert.Equal(0.3, RiskMath.Drawdown(equity).MaxDrawdownPct, 12);
    }

    [Fact]
    public void Drawdown_MonotoneRise_IsZero()
    {
        var equity = new[] { 1m, 2m, 3m }.Select((v, i) => new SeriesPoint(i * 1_000_000L, v)).ToList();

        Assert.Equal(0d, RiskMath.Drawdown(equity).MaxDrawdownPct);
    }
}
