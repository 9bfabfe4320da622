using System.Reflection;
using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Market;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

/// <summary>The one time-ordered feed and the one driver (docs/design.md#engine-loop).</summary>
public sealed class FeedAndDriverTests
{
    private static MarketMakingEngine Engine(CollectingSink sink, int markets) => new(new EngineOptions(), 1000m, markets, new TouchFillModel(), sink);

    [Fact]
    public async Task TryRead_TwoCadences_EventTimeOrderTiesByMarketSequenceIsRowNumber()
    {
        // Market 0 every 2 s (0, 2, 4), market 1 every 1 s (0, 1, 2, 3).
        var feed = new SnapshotFeed(new ListSnapshotSource([
            [Snap.Sample1(0), Snap.Sample1(2), Snap.Sample1(4)],
            [Snap.Sample1(0), Snap.Sample1(1), Snap.Sample1(2), Snap.Sample1(3)],
        ]));

        var read = new List<(double, int, long)>();
        while (feed.TryRead(out var e))
        {
            Assert.Equal(MarketEventKind.TopOfBook, e.Kind);
            read.Add(((e.TsEvent - Snap.T0).TotalSeconds, e.Instrument, e.Sequence));
        }

        Assert.Equal([(0, 0, 0L), (0, 1, 0L), (1, 1, 1L), (2, 0, 1L), (2, 1, 2L), (3, 1, 3L), (4, 0, 2L)], read);
        Assert.False(await feed.WaitAsync(CancellationToken.None));
    }

    [Fact]
    public void OnEvent_UnknownKind_CountedAndSkipped()
    {
        // An event kind this build does not know (a newer feed): the engine counts it and carries on.
        var sink = new CollectingSink();
        var engine = Engine(sink, 1);
        object boxed = MarketEvent.TopOfBook(0, Snap.Sample1(0), 0);
        typeof(MarketEvent).GetField("<Kind>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)!.SetValue(boxed, (MarketEventKind)42);

        engine.OnEvent((MarketEvent)boxed);

        Assert.Equal(1, engine.Stats.SkippedEvents["unknown_kind"]);
        Assert.Empty(sink.Updates);
        Assert.Equal(0, engine.Stats.Snapshots);
    }

    [Fact]
    public async Task RunAsync_BatchFeed_OneTickPerBatchAndFeedSkipsReported()
    {
        // Two "polls": the first with two markets at different book times, the second with one market.
        var sink = new CollectingSink();
        var engine = Engine(sink, 2);
        var feed = new BatchFeed([
            [MarketEvent.TopOfBook(0, Snap.Sample1(0), 0), MarketEvent.TopOfBook(1, Snap.Sample1(0.5), 1)],
            [MarketEvent.TopOfBook(0, Snap.Sample1(2), 2)],
        ]);
        var ticks = new List<long>();

        var result = await EngineDriver.RunAsync(feed, engine, new DriverOptions { TickPerBatch = true }, CancellationToken.None, ticks.Add);

        // Two ticks (not three event times), each at its batch's latest event time; the feed's skip count reaches the stats.
        Assert.Equal([1L, 2L], ticks);
        Assert.Equal([Snap.At(0.5), Snap.At(2)], sink.Ticks.Select(t => t.Ts));
        Assert.Equal(new ReplayResult(StopReason.DataExhausted, Snap.At(0), Snap.At(2), 2), result);
        Assert.Equal(3, engine.Stats.SkippedEvents["unknown_kind"]);
    }

    [Fact]
    public async Task RunAsync_CancelledDuringWait_StopsAsCancelled()
    {
        using var cts = new CancellationTokenSource();
        var sink = new CollectingSink();
        var engine = Engine(sink, 1);
        var feed = new BatchFeed([[MarketEvent.TopOfBook(0, Snap.Sample1(0), 0)]], blockAfter: true);

        var run = EngineDriver.RunAsync(feed, engine, new DriverOptions { TickPerBatch = true }, cts.Token, _ => cts.Cancel()).AsTask();
        var result = await run;

        Assert.Equal(StopReason.Cancelled, result.Reason);
        Assert.Equal(1, result.Ticks);
    }

    /// <summary>A feed that delivers its batches one wait at a time, like the online poll.</summary>
    private sealed class BatchFeed(List<List<MarketEvent>> batches, bool blockAfter = false) : IMarketDataFeed
    {
        private int _batch = -1;
        private int _next;

        public int InstrumentCount => 2;

        public IReadOnlyDictionary<string, long> Skipped { get; } = new Dictionary<string, long> { ["unknown_kind"] = 3 };

        public bool TryRead(out MarketEvent e)
        {
            if (_batch >= 0 && _batch < batches.Count && _next < batches[_batch].Count)
            {
                e = batches[_batch][_next++];
                return true;
            }

            e = default;
            return false;
        }

        public async ValueTask<bool> WaitAsync(CancellationToken cancellation)
        {
            if (_batch + 1 >= batches.Count)
            {
                if (blockAfter)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellation);
                }

                return false;
            }

            _batch++;
            _next = 0;
            await Task.Yield();
            return true;
        }
    }
}
