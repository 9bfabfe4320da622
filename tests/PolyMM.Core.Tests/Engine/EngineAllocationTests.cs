using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

/// <summary>The engine's hot path allocates nothing per event once warm (docs/design.md#engine-loop).</summary>
public sealed class EngineAllocationTests
{
    private sealed class NullSink : ILedgerSink
    {
        public void OnOrder(in OrderUpdate order)
        {
        }

        public void OnFill(in FillRecord fill)
        {
        }

        public void OnLot(in LotRecord lot)
        {
        }

        public void OnMark(in MarkSample mark)
        {
        }

        public void OnTick(in TickSample sample)
        {
        }
    }

    [Fact]
    public void OnEvent_SteadyStateRowsWithLatency_AllocateNothing()
    {
        // Two markets, quotes resting (prints alternate 0.50/0.505: new each row but never through the 0.48 bid), 100 ms latency.
        var latency = TimeSpan.FromMilliseconds(100);
        var engine = new MarketMakingEngine(new EngineOptions { EntryLatency = latency, CancelLatency = latency }, 1000m, 2,
            new TradeThroughFillModel(), new NullSink());
        var rows = Enumerable.Range(0, 20_000).Select(i => Snap.Book(i, 0.495m, 0.505m, i % 2 == 0 ? 0.50m : 0.505m)).ToArray();
        var events = rows.Select((r, i) => MarketEvent.TopOfBook(i % 2, r, i)).ToArray();
        for (var i = 0; i < 1_000; i++)
        {
            engine.OnEvent(events[i]);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 1_000; i < events.Length; i++)
        {
            engine.OnEvent(events[i]);
            if (i % 2 == 1)
            {
                engine.EndTick(events[i].TsEvent);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // 19,000 events evaluated against resting orders: every one of them allocation-free.
        Assert.True(engine.Stats.FillEvaluations > 18_000, $"only {engine.Stats.FillEvaluations} evaluations");
        Assert.Equal(0L, allocated);
    }

    [Fact]
    public void OnEvent_SteadyStateWithFillsOpeningAndClosingLots_AllocateNothing()
    {
        // Prints alternate 0.40 and 0.60 under the touch model: every row fills the bid (0.48) or the ask (0.52, or 0.51
        // while holding), so lots open and close all the time. The warm-up runs until the per-market cap binds (the
        // position, its lot queue and the counted reasons have reached their size); after it neither the fills nor the
        // lots allocate (a new Lot per buy and a hash set of fill ids did, about 2.6 B per event on the bench).
        var engine = new MarketMakingEngine(new EngineOptions(), 1000m, 2, new TouchFillModel(), new NullSink());
        var rows = Enumerable.Range(0, 20_000).Select(i => Snap.Book(i, 0.495m, 0.505m, i / 2 % 2 == 0 ? 0.40m : 0.60m)).ToArray();
        var events = rows.Select((r, i) => MarketEvent.TopOfBook(i % 2, r, i)).ToArray();
        for (var i = 0; i < 10_000; i++)
        {
            engine.OnEvent(events[i]);
        }

        var fillsBefore = engine.Stats.Fills;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 10_000; i < events.Length; i++)
        {
            engine.OnEvent(events[i]);
            if (i % 2 == 1)
            {
                engine.EndTick(events[i].TsEvent);
            }
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(engine.Stats.Fills - fillsBefore > 5_000, $"only {engine.Stats.Fills - fillsBefore} fills");
        Assert.Equal(0L, allocated);
    }
}
