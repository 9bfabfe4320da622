using PolyMM.Core.Economics;
using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Economics;

/// <summary>Fees per fill from a market's schedule and per-minute reward accrual in the engine (docs/design.md#fees, #rewards).</summary>
public sealed class RunEconomicsTests
{
    private static readonly FeeSchedule Schedule = new(0.05m, 1m, 0.25m);

    // max spread 3 cents, min size 10 shares, 144 USD/day: one full minute of a share s accrues s × 144 / 1440 = s × 0.1.
    private static readonly RewardTerms Terms = new(0.03m, 10m, 144m);

    [Fact]
    public void Fee_ScheduleMarket_TakerPaysFlooredFeeMakerPaysZeroAndAccruesRebate()
    {
        var fees = new FillFees([new InstrumentSpec(0, "m", "m", "", 0.01m, 0m, Fees: Schedule)], 2m, useSchedules: true);

        // 100 shares at 0.5: fee equivalent 100 × 0.05 × 0.25 = 1.25; taker 1.25000; maker 0 and rebate 0.25 × 1.25 = 0.3125.
        Assert.Equal(FillFees.ScheduleMode, fees.Mode);
        Assert.Equal((1.25m, 0m), (fees.Fee(0, 100m, 0.5m, isMaker: false), fees.Fee(0, 100m, 0.5m, isMaker: true)));
        Assert.Equal((0m, 0.3125m), (fees.Rebate(0, 100m, 0.5m, isMaker: false), fees.Rebate(0, 100m, 0.5m, isMaker: true)));
        // The bid reserve is the taker fee, the most a fill can pay: 20.83 × 0.05 × 0.48 × 0.52 = 0.2599584 → 0.25995.
        Assert.Equal(0.25995m, fees.BidReserve(0, 20.83m, 0.48m));
    }

    [Fact]
    public void Fee_FlatForcedOrNoSchedule_FlatBpsAndNoRebate()
    {
        var forced = new FillFees([new InstrumentSpec(0, "m", "m", "", 0.01m, 0m, Fees: Schedule)], 2m, useSchedules: false);
        var none = new FillFees([new InstrumentSpec(0, "m", "m", "", 0.01m, 0m)], 2m, useSchedules: true);
        var bad = new FillFees([new InstrumentSpec(0, "m", "m", "", 0.01m, 0m, Fees: new FeeSchedule(-1m, 1m, 0m))], 2m, useSchedules: true);

        // 100 × 0.5 = 50 notional × 2 bps = 0.01, maker or taker; no rebate.
        foreach (var f in new[] { forced, none, bad })
        {
            Assert.Equal(FillFees.FlatMode, f.Mode);
            Assert.Equal((0.01m, 0.01m, 0m), (f.Fee(0, 100m, 0.5m, true), f.Fee(0, 100m, 0.5m, false), f.Rebate(0, 100m, 0.5m, true)));
        }
    }

    [Fact]
    public void Accrual_L2BookOverThreeMinutes_OneSamplePerMinuteWeightedByCoverage()
    {
        // Book bids 0.495 × 50, 0.49 × 100 / asks 0.505 × 70, 0.52 × 10: mid 0.5, our bid 0.48 × 20.83 (latency 0: live at once).
        var sink = new CollectingSink();
        var engine = Engine(sink, rewards: Terms);
        var book = new BookLevels([new(0.495m, 50m), new(0.49m, 100m)], [new(0.505m, 70m), new(0.52m, 10m)]);
        engine.OnEvent(MarketEvent.BookSnapshot(0, Outcome.Yes, Snap.At(0), Snap.At(0), 0, book));
        // T0 is 02:09:28. Events at 02:10:08 and 02:11:08 (a 0.60 × 5 ask: beyond the max spread, below the min size) start
        // new minutes; the run ends at 02:11:38.
        engine.OnEvent(MarketEvent.LevelChange(0, Outcome.Yes, Snap.At(40), Snap.At(40), 1, Side.Sell, 0.60m, 5m));
        engine.OnEvent(MarketEvent.LevelChange(0, Outcome.Yes, Snap.At(100), Snap.At(100), 2, Side.Sell, 0.60m, 6m));
        engine.Finish(Snap.At(130));

        // Ours: s = 0.02, (0.03 − 0.02)² × 20.83 = 0.002083 raw in Q_one, nothing in Q_two: Q_min raw = 0.002083 / 3.
        // Others: Q_one raw = 0.025² × 50 + 0.02² × 100 = 0.07125; Q_two raw = 0.025² × 70 + 0.01² × 10 = 0.04475;
        // Q_min raw = max(min(0.07125, 0.04475), 0.07125 / 3) = 0.04475.
        // share = (0.002083 / 3) / (0.002083 / 3 + 0.04475) = 0.002083 / 0.136333 = 0.015278...
        var share = 0.002083m / (0.002083m + 0.13425m);
        Assert.Equal(3, sink.Rewards.Count);
        Assert.All(sink.Rewards, r => Assert.True(r.BookFullyVisible));
        Assert.Equal([Snap.At(-28), Snap.At(32), Snap.At(92)], sink.Rewards.Select(r => r.Ts));
        Assert.All(sink.Rewards, r => Assert.Equal(Math.Round(share, 12), Math.Round(r.Share, 12)));
        // total Q_min = (0.002083 / 3 + 0.04475) / 0.03² = 50.493703...
        Assert.Equal(Math.Round((0.002083m / 3m + 0.04475m) / 0.0009m, 9), Math.Round(sink.Rewards[0].TotalQMin, 9));
        // Coverage: 02:09:28–02:10:00 = 32/60 of a minute, then a whole minute, then 02:11:00–02:11:38 = 38/60.
        decimal[] covered = [32m / 60m, 1m, 38m / 60m];
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(Math.Round(share * 0.1m * covered[i], 12), Math.Round(sink.Rewards[i].RewardUsd, 12));
        }
    }

    [Fact]
    public void Accrual_TopOfBookRows_LabelledNotFullyVisibleScoringOnlyTheTouch()
    {
        // Top-of-book rows 0.495 × 1200 / 0.505 × 1300 at 0, 40 and 100 s; our bid 0.48 × 20.83.
        var sink = new CollectingSink();
        var engine = Engine(sink, rewards: Terms);
        foreach (var t in new[] { 0d, 40d, 100d })
        {
            engine.OnSnapshot(0, Snap.Book(t, 0.495m, 0.505m));
        }

        engine.Finish(Snap.At(100));

        // Only the touch is seen: others' Q_one raw = 0.025² × 1200 = 0.75, Q_two raw = 0.025² × 1300 = 0.8125, Q_min raw 0.75.
        // share = (0.002083 / 3) / (0.002083 / 3 + 0.75) = 0.002083 / 2.252083: an upper bound (makers behind the touch are unseen).
        var share = 0.002083m / (0.002083m + 2.25m);
        Assert.Equal(3, sink.Rewards.Count);
        Assert.All(sink.Rewards, r => Assert.False(r.BookFullyVisible));
        Assert.All(sink.Rewards, r => Assert.Equal(Math.Round(share, 12), Math.Round(r.Share, 12)));
        // The last minute (02:11:00 to the end at 02:11:08) is 8/60 covered: share × 0.1 × 8 / 60.
        Assert.Equal(Math.Round(share * 0.1m * 8m / 60m, 12), Math.Round(sink.Rewards[^1].RewardUsd, 12));
    }

    [Fact]
    public void Accrual_NoTermsOrBadTerms_NoSamples()
    {
        foreach (var terms in new RewardTerms?[] { null, new(0.03m, 10m, -1m) })
        {
            var sink = new CollectingSink();
            var engine = Engine(sink, rewards: terms);
            engine.OnSnapshot(0, Snap.Book(0, 0.495m, 0.505m));
            engine.OnSnapshot(0, Snap.Book(70, 0.495m, 0.505m));
            engine.Finish(Snap.At(70));

            Assert.Empty(sink.Rewards);
        }
    }

    [Fact]
    public void Run_ScheduleAndRewards_IdentityExactWithRebatesAndRewardsOutsideCash()
    {
        // Bid 0.48 × 20.83 fills on the 0.47 print (trade-through, maker): fee 0, rebate 0.25 × floor5(20.83 × 0.05 × 0.48 × 0.52
        // = 0.2599584) = 0.25 × 0.25995 = 0.0649875 → 0.064987. Cash = 1000 − 9.9984 = 990.0016: the rebate is not in it.
        var sink = new CollectingSink();
        var engine = Engine(sink, rewards: Terms, fees: Schedule);
        engine.OnSnapshot(0, Snap.Book(0, 0.495m, 0.505m, 0.50m));
        engine.OnSnapshot(0, Snap.Book(70, 0.495m, 0.505m, 0.47m));
        engine.Finish(Snap.At(70));

        var fill = Assert.Single(sink.Fills);
        Assert.Equal((0m, 0.064987m, true), (fill.Fee, fill.Rebate, fill.IsMaker));
        var p = engine.Portfolio;
        Assert.Equal(990.0016m, p.Cash);
        Assert.NotEmpty(sink.Rewards);
        Assert.Equal(p.TotalValue - 1000m, p.Realized + p.Unrealized - p.Fees);
    }

    private static MarketMakingEngine Engine(CollectingSink sink, RewardTerms? rewards = null, FeeSchedule? fees = null) =>
        new(new EngineOptions(), 1000m, [new InstrumentSpec(0, "m", "m-yes", "m-no", 0.01m, 5m, rewards, fees)], new TradeThroughFillModel(), sink);
}
