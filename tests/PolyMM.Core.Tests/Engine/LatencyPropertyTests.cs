using FsCheck;
using FsCheck.Fluent;
using PolyMM.Core.Engine;
using PolyMM.Core.Market;
using PolyMM.Core.Quoting;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

/// <summary>
/// The invariants of docs/design.md#order-lifecycle over generated event streams with latency: the generated markets of
/// <see cref="ScenarioGen"/>, each shifted by its own offset (so markets interleave inside one poll interval), merged by
/// <see cref="SnapshotFeed"/>, with entry and cancel latencies from 0 to longer than a poll. After every event: caps,
/// cash ≥ 0 (also net of every working bid), the exact ledger identity, no look-ahead and no refused order event.
/// </summary>
public sealed class LatencyPropertyTests
{
    private const int MaxTest = 200;

    private sealed record LatencyCase(Scenario Scenario, TimeSpan Entry, TimeSpan Cancel, TimeSpan MarketOffset)
    {
        public EngineOptions Options => Scenario.Options with { EntryLatency = Entry, CancelLatency = Cancel };

        public List<List<Snapshot>> Build() =>
            [.. Scenario.Build().Select((rows, m) => rows.Select(r => r with { Ts = r.Ts + (MarketOffset * m) }).ToList())];

        public override string ToString() => $"entry {Entry.TotalMilliseconds} ms, cancel {Cancel.TotalMilliseconds} ms, offset {MarketOffset.TotalMilliseconds} ms; {Scenario}";
    }

    private static readonly Gen<TimeSpan> Latency = Gen.Elements(0, 30, 100, 1000, 2500, 5000).Select(ms => TimeSpan.FromMilliseconds(ms));

    private static Arbitrary<LatencyCase> Cases => Arb.From(
        from sc in ScenarioGen.Scenario
        from entry in Latency
        from cancel in Latency
        from offset in Gen.Elements(0, 50, 700).Select(ms => TimeSpan.FromMilliseconds(ms))
        select new LatencyCase(sc, entry, cancel, offset));

    private static (MarketMakingEngine Engine, CollectingSink Sink) Run(LatencyCase c, bool check)
    {
        var sink = new CollectingSink();
        var series = c.Build();
        var engine = new MarketMakingEngine(c.Options, Scenario.Bankroll, series.Count, c.Scenario.Fill.Create(), sink);
        var feed = new SnapshotFeed(new ListSnapshotSource([.. series]));
        DateTimeOffset? tick = null;
        while (!engine.FillLimitReached && feed.TryRead(out var e))
        {
            if (tick is { } open && e.TsEvent > open)
            {
                engine.EndTick(open);
            }

            tick = tick is { } t && t > e.TsEvent ? t : e.TsEvent;
            engine.OnEvent(e);
            if (check)
            {
                AssertInvariants(engine, sink, c);
            }
        }

        engine.Finish(tick ?? Snap.T0);
        if (check)
        {
            AssertInvariants(engine, sink, c);
            Assert.Equal(0, engine.WorkingOrders);
            Assert.Equal(engine.Portfolio.OpenCost, engine.Committed);
        }

        return (engine, sink);
    }

    private static void AssertInvariants(MarketMakingEngine engine, CollectingSink sink, LatencyCase c)
    {
        var p = engine.Portfolio;
        var q = c.Scenario.Options.Quote;
        Assert.Empty(engine.Stats.Integrity);

        // Cash never goes negative, even if every working bid (in flight, live, cancel in flight) fills now.
        Assert.True(p.Cash >= 0m, $"cash {p.Cash} < 0");
        Assert.True(engine.AvailableCash >= 0m, $"cash net of working bids {engine.AvailableCash} < 0");

        // Caps hold at every event, counting every working bid as if it filled.
        Assert.True(engine.Committed <= q.MaxExposureUsd, $"committed {engine.Committed} > total cap {q.MaxExposureUsd}");
        for (var m = 0; m < p.MarketCount; m++)
        {
            Assert.True(p.OpenCostOf(m) <= q.MaxPerMarketExposureUsd, $"market {m} open cost {p.OpenCostOf(m)} > cap {q.MaxPerMarketExposureUsd}");
            Assert.True(p.SharesHeld(m) >= 0m);
        }

        // Ledger identity, exact, and cash rebuilt from the fills the sink saw.
        Assert.Equal(p.Realized + p.Unrealized - p.Fees, p.TotalValue - p.Bankroll);
        var bought = sink.Fills.Where(f => f.Side == Side.Buy).Sum(f => f.Notional);
        var sold = sink.Fills.Where(f => f.Side == Side.Sell).Sum(f => f.Notional);
        Assert.Equal(Scenario.Bankroll - bought + sold - sink.Fills.Sum(f => f.Fee), p.Cash);

        // No look-ahead: a fill comes strictly after its order became live, which is at least the entry latency after it was sent.
        foreach (var f in sink.Fills)
        {
            var accepted = sink.Updates.First(u => u.Seq == f.OrderSeq && u.Status == OrderStatus.Open);
            Assert.True(f.Ts > accepted.LiveAt, $"order {f.OrderSeq} filled at {f.Ts:O}, live at {accepted.LiveAt:O}");
            Assert.True(accepted.LiveAt >= accepted.SentAt + c.Entry, $"order {f.OrderSeq} live at {accepted.LiveAt:O}, sent {accepted.SentAt:O}");
            Assert.True(f.Side == Side.Buy ? f.Price <= accepted.Price : f.Price >= accepted.Price);
        }
    }

    [Fact]
    public void OnEvent_RandomStreamsWithLatency_CapsCashIdentityAndNoLookAheadHoldAtEveryEvent()
    {
        var coverage = new PathCoverage();

        PathCoverage.Check(MaxTest, Prop.ForAll(Cases, c =>
        {
            var (_, sink) = Run(c, check: true);
            coverage.Record(
                ("filled with latency", c.Entry > TimeSpan.Zero && sink.Fills.Count > 0),
                ("filled while its cancel was in flight", sink.Fills.Any(f => sink.Updates.Any(u => u.Seq == f.OrderSeq && u.Status == OrderStatus.Filled)
                    && c.Cancel > TimeSpan.Zero && sink.Updates.Any(u => u.Seq > f.OrderSeq && u.Side == f.Side && u.SentAt < f.Ts && u.Status == OrderStatus.Open))),
                ("rejected post-only", sink.Updates.Any(u => u.Status == OrderStatus.Rejected)),
                ("sold inventory", sink.Fills.Any(f => f.Side == Side.Sell)));
        }));

        coverage.AssertReached(("filled with latency", 20), ("filled while its cancel was in flight", 1), ("rejected post-only", 1), ("sold inventory", 20));
    }

    [Fact]
    public void OnEvent_SameStreamAndSeedTwice_IdenticalSinkOutput()
    {
        PathCoverage.Check(MaxTest / 2, Prop.ForAll(Cases, c =>
        {
            var first = Run(c, check: false).Sink;
            var second = Run(c, check: false).Sink;
            Assert.Equal(first.Events, second.Events);
        }));
    }
}
