using FsCheck;
using FsCheck.Fluent;
using PolyMM.Core.Engine;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

/// <summary>
/// Invariants of docs/design.md#quoting through docs/design.md#ledger over generated runs: random walks of 1–4 markets on grids from 0.0001 to 0.01,
/// prints near the touch (sometimes missing), some invalid rows, random caps/k/size, both fill models.
/// </summary>
public sealed class MarketMakingEnginePropertyTests
{
    private const int MaxTest = 200;

    // Minimum cases (of 200) per path. Measured over runs of these generators: quoted ~176, filled ~126,
    // sold ~92, strict fills ~82, probabilistic fills ~46, stopped at --max-fills ~13, cancelled ~176.
    private static readonly (string, int)[] EngineMinimums =
    [
        ("quoted", 100), ("filled", 50), ("sold inventory", 25), ("touch model filled", 15),
        ("trade-through model filled", 5), ("probabilistic model filled", 5), ("stopped at --max-fills", 1), ("cancelled a resting order", 100),
    ];

    private static Arbitrary<Scenario> Scenarios => Arb.From(ScenarioGen.Scenario);

    /// <summary>Feeds the scenario tick by tick, checking every invariant after every snapshot.</summary>
    private static (MarketMakingEngine Engine, CollectingSink Sink) RunChecked(Scenario sc)
    {
        var sink = new CollectingSink();
        var series = sc.Build();
        var engine = new MarketMakingEngine(sc.Options, Scenario.Bankroll, series.Count, sc.Fill.Create(), sink);
        var longest = series.Max(s => s.Count);
        var last = Snap.T0;
        for (var i = 0; i < longest && !engine.FillLimitReached; i++)
        {
            for (var m = 0; m < series.Count && !engine.FillLimitReached; m++)
            {
                if (i < series[m].Count)
                {
                    engine.OnSnapshot(m, series[m][i]);
                    AssertInvariants(engine, sink, sc.Options.Quote);
                    last = series[m][i].Ts > last ? series[m][i].Ts : last;
                }
            }

            engine.EndTick(last);
        }

        engine.Finish(last);
        AssertInvariants(engine, sink, sc.Options.Quote);
        Assert.Equal(engine.Portfolio.OpenCost, engine.Committed);
        return (engine, sink);
    }

    private static void AssertInvariants(MarketMakingEngine engine, CollectingSink sink, QuoteParams q)
    {
        var p = engine.Portfolio;

        // Cash never goes negative: a bid is placed only when cash net of the other resting bids covers it.
        Assert.True(p.Cash >= 0m, $"cash {p.Cash} < 0");

        // Caps hold at every instant, counting resting bids as if they all filled.
        Assert.True(p.OpenCost <= q.MaxExposureUsd, $"open cost {p.OpenCost} > total cap {q.MaxExposureUsd}");
        Assert.True(engine.Committed <= q.MaxExposureUsd, $"committed {engine.Committed} > total cap {q.MaxExposureUsd}");
        for (var m = 0; m < p.MarketCount; m++)
        {
            Assert.True(p.OpenCostOf(m) <= q.MaxPerMarketExposureUsd, $"market {m} open cost {p.OpenCostOf(m)} > cap {q.MaxPerMarketExposureUsd}");
            Assert.True(p.SharesHeld(m) >= 0m);
            Assert.All(p.OpenLots(m), l => Assert.True(l.Shares > 0m));
            Assert.Equal(p.SharesHeld(m), p.OpenLots(m).Sum(l => l.Shares));
        }

        // Ledger identity, exact.
        Assert.Equal(p.Realized + p.Unrealized - p.Fees, p.TotalValue - p.Bankroll);

        // Cash and fees reconstructed from what the sink saw.
        var filled = sink.Filled.ToList();
        var fees = filled.Sum(o => o.Fee!.Value);
        var bought = filled.Where(o => o.Side == Side.Buy).Sum(o => o.Shares * o.FillPrice!.Value);
        var sold = filled.Where(o => o.Side == Side.Sell).Sum(o => o.Shares * o.FillPrice!.Value);
        Assert.True(p.Fees >= 0m);
        Assert.All(filled, o => Assert.True(o.Fee >= 0m));
        Assert.Equal(fees, p.Fees);
        Assert.Equal(Scenario.Bankroll - bought + sold - fees, p.Cash);

        // No look-ahead; a fill is never at a worse price than its own limit.
        Assert.All(filled, o => Assert.True(o.FillSnapshot!.Value.Ts > o.SentAt, $"order {o.Seq} filled at {o.FillSnapshot!.Value.Ts}, sent {o.SentAt}"));
        Assert.All(filled, o => Assert.True(o.Side == Side.Buy ? o.FillPrice <= o.Price : o.FillPrice >= o.Price,
            $"order {o.Seq} {o.Side} limit {o.Price} filled at {o.FillPrice}"));
    }

    [Fact]
    public void OnSnapshot_RandomRuns_CapsLedgerAndTimingInvariantsHold()
    {
        var coverage = new PathCoverage();

        PathCoverage.Check(MaxTest, Prop.ForAll(Scenarios, sc =>
        {
            var (engine, sink) = RunChecked(sc);
            Record(coverage, sc, engine, sink);
        }));

        // The invariants above are only worth something if the runs quote, fill, sell and hit limits.
        coverage.AssertReached(EngineMinimums);
    }

    [Fact]
    public void Replay_SameScenarioTwice_IdenticalSinkRecords()
    {
        var coverage = new PathCoverage();

        PathCoverage.Check(MaxTest, Prop.ForAll(Scenarios, sc =>
        {
            var first = RunReplay(sc);
            var second = RunReplay(sc);
            Assert.Equal(first.Events, second.Events);
            coverage.Record(("quoted", first.Orders.Count > 0), ("filled", first.Filled.Any()));
        }));

        coverage.AssertReached(("quoted", 100), ("filled", 50));
    }

    [Fact]
    public void Replay_RandomRuns_MatchesTickByTickDriver()
    {
        var coverage = new PathCoverage();

        PathCoverage.Check(MaxTest, Prop.ForAll(Scenarios, sc =>
        {
            var (engine, driven) = RunChecked(sc);
            var replayed = RunReplay(sc);
            Assert.Equal(driven.Orders, replayed.Orders);
            Assert.Equal(driven.Lots, replayed.Lots);
            Record(coverage, sc, engine, driven);
        }));

        coverage.AssertReached(EngineMinimums);
    }

    private static void Record(PathCoverage coverage, Scenario sc, MarketMakingEngine engine, CollectingSink sink)
    {
        var filled = sink.Filled.ToList();
        coverage.Record(
            ("quoted", sink.Orders.Count > 0),
            ("filled", filled.Count > 0),
            ("sold inventory", filled.Any(o => o.Side == Side.Sell)),
            ("touch model filled", sc.Fill.Model == 0 && filled.Count > 0),
            ("probabilistic model filled", sc.Fill.Model == 1 && filled.Count > 0),
            ("trade-through model filled", sc.Fill.Model == 2 && filled.Count > 0),
            ("stopped at --max-fills", engine.FillLimitReached),
            ("cancelled a resting order", sink.Cancelled.Any()));
    }

    private static CollectingSink RunReplay(Scenario sc)
    {
        var sink = new CollectingSink();
        var series = sc.Build();
        var engine = new MarketMakingEngine(sc.Options, Scenario.Bankroll, series.Count, sc.Fill.Create(), sink);
        PolyMM.Core.Engine.Replay.Run(new ListSnapshotSource([.. series]), engine, null, CancellationToken.None);
        return sink;
    }
}
