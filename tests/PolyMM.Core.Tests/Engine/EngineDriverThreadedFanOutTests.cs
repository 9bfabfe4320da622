using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Ledger;
using PolyMM.Core.Market;
using PolyMM.Core.Orders;
using PolyMM.Core.Tests.Support;

namespace PolyMM.Core.Tests.Engine;

/// <summary>
/// Several engines on several threads (docs/design.md#parallel-fan-out): every engine reports exactly what the one-thread
/// loop makes it report, record by record, whatever the threads, batch size and batches in flight.
/// </summary>
public sealed class EngineDriverThreadedFanOutTests
{
    // Three markets at different cadences (every 1 s, 2 s and 3 s: ticks of one, two and three events), books that
    // drift and prints wandering around the mid (a seeded walk): fills under every model, replaced quotes, ties in time.
    private static ListSnapshotSource Source(int rows = 240)
    {
        var rng = new System.Random(11);
        IReadOnlyList<Snapshot> Market(int every)
        {
            var list = new List<Snapshot>(rows);
            var mid = 0.50m;
            for (var i = 0; i < rows; i++)
            {
                mid = Math.Clamp(mid + (rng.Next(-1, 2) / 100m), 0.20m, 0.80m);
                list.Add(Snap.Book(i * every, mid - 0.01m, mid + 0.01m, mid - 0.05m + (rng.Next(0, 11) / 100m)));
            }

            return list;
        }

        return new ListSnapshotSource([Market(1), Market(2), Market(3)]);
    }

    private static Func<IFillModel>[] Models =>
    [
        () => new TouchFillModel(), () => new TradeThroughFillModel(),
        () => new ProbabilisticFillModel(new ProbabilisticFillParams(), new PolyMM.Core.Random.SeededRandom(42)),
        () => new ProbabilisticFillModel(new ProbabilisticFillParams { PMax = 0.6 }, new PolyMM.Core.Random.SeededRandom(7)),
        () => new TouchFillModel(),
    ];

    private static MarketMakingEngine Engine(IFillModel model, ILedgerSink sink, long maxFills) =>
        new(new EngineOptions { MaxFills = maxFills, EntryLatency = TimeSpan.FromMilliseconds(100), CancelLatency = TimeSpan.FromMilliseconds(100) },
            10_000m, 3, model, sink);

    private sealed record Side(IReadOnlyList<ReplayResult> Results, List<CollectingSink> Sinks, List<MarketMakingEngine> Engines);

    private static Side Drive(Func<IMarketDataFeed> feed, long maxFills, DriverOptions options, FanOutOptions? fanOut, CancellationToken cancellation = default)
    {
        var sinks = Models.Select(_ => new CollectingSink()).ToList();
        var engines = Models.Select((m, i) => Engine(m(), sinks[i], maxFills)).ToList();
        var results = fanOut is null
            ? EngineDriver.Run(feed(), engines, options, cancellation)
            : EngineDriver.Run(feed(), engines, options, fanOut, cancellation);
        return new Side(results, sinks, engines);
    }

    private static void AssertSame(Side oneThread, Side threaded)
    {
        Assert.Equal(oneThread.Results, threaded.Results);
        for (var i = 0; i < oneThread.Sinks.Count; i++)
        {
            Assert.Equal(oneThread.Sinks[i].Events, threaded.Sinks[i].Events);
            Assert.Equal(oneThread.Sinks[i].Rewards, threaded.Sinks[i].Rewards);
            Assert.Equal(oneThread.Engines[i].Stats.Orders, threaded.Engines[i].Stats.Orders);
            Assert.Equal(oneThread.Engines[i].Stats.Fills, threaded.Engines[i].Stats.Fills);
            Assert.Equal(oneThread.Engines[i].Stats.MarketEvents, threaded.Engines[i].Stats.MarketEvents);
            Assert.Equal(oneThread.Engines[i].Stats.SkippedEvents, threaded.Engines[i].Stats.SkippedEvents);
            Assert.Equal(oneThread.Engines[i].Portfolio.TotalValue, threaded.Engines[i].Portfolio.TotalValue);
        }
    }

    [Theory]
    [InlineData(2, 1024, 8, 0)]
    [InlineData(2, 1, 1, 0)]
    [InlineData(2, 1, 2, 0)]
    [InlineData(3, 3, 2, 0)]
    [InlineData(4, 7, 3, 0)]
    [InlineData(8, 64, 2, 0)]
    [InlineData(2, 5, 3, 4)]
    [InlineData(3, 2, 4, 25)]
    [InlineData(2, 1, 1, 60)]
    public void Run_ThreadedFanOut_EveryEngineReportsWhatTheOneThreadLoopMakesItReport(int threads, int batchEvents, int batches, long maxFills)
    {
        var fanOut = new FanOutOptions { Threads = threads, BatchEvents = batchEvents, Batches = batches };

        var oneThread = Drive(() => new SnapshotFeed(Source()), maxFills, new DriverOptions(), null);
        var threaded = Drive(() => new SnapshotFeed(Source()), maxFills, new DriverOptions(), fanOut);

        AssertSame(oneThread, threaded);
        Assert.All(oneThread.Sinks, s => Assert.NotEmpty(s.Fills));
        if (maxFills > 0)
        {
            // The limit stops the models at different events (each its own), and the stricter ones not at all.
            Assert.Contains(oneThread.Results, r => r.Reason == StopReason.MaxFills);
            Assert.Equal(oneThread.Engines.Select(e => e.Stats.Fills >= maxFills), oneThread.Results.Select(r => r.Reason == StopReason.MaxFills));
        }
    }

    [Fact]
    public void Run_ThreadedFanOutWithRuntimeLimit_StopsWhereTheOneThreadLoopStops()
    {
        // 100 s of event time of 240 s of data: the event at 100.x s or later ends every engine's run (max_runtime).
        var options = new DriverOptions { MaxRuntime = TimeSpan.FromSeconds(100) };
        var fanOut = new FanOutOptions { Threads = 2, BatchEvents = 4, Batches = 2 };

        var oneThread = Drive(() => new SnapshotFeed(Source()), 0, options, null);
        var threaded = Drive(() => new SnapshotFeed(Source()), 0, options, fanOut);

        AssertSame(oneThread, threaded);
        Assert.All(threaded.Results, r => Assert.Equal(StopReason.MaxRuntime, r.Reason));
        Assert.All(threaded.Results, r => Assert.Equal(Snap.At(100), r.End));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1024)]
    public void Run_ThreadedFanOutOnAFrameFeed_OneTickPerFrameAndTheFeedsSkipsAsTheOneThreadLoop(int batchEvents)
    {
        // Frames of 1, 2, 3, 1, 2, 3, … events (TickPerBatch: one tick per frame) over three markets, 2 s apart.
        var fanOut = new FanOutOptions { Threads = 2, BatchEvents = batchEvents, Batches = 2 };
        var options = new DriverOptions { TickPerBatch = true };

        var oneThread = Drive(() => new FrameFeed(Source(), 40), 0, options, null);
        var threaded = Drive(() => new FrameFeed(Source(), 40), 0, options, fanOut);

        AssertSame(oneThread, threaded);
        Assert.All(threaded.Results, r => Assert.Equal(40, r.Ticks));
        // Each frame counted one skipped row in the feed: 40 at the end, in every engine's stats.
        Assert.All(threaded.Engines, e => Assert.Equal(40, e.Stats.SkippedEvents["frame_note"]));
    }

    [Fact]
    public void Run_EngineThrowsOnAWorkerThread_RunRethrowsItAndEnds()
    {
        // The third engine's sink breaks at its first fill; the run ends with that exception instead of hanging.
        var engines = Models.Select((m, i) => Engine(m(), i == 2 ? new BrokenSink() : new CollectingSink(), 0)).ToList();

        var e = Assert.Throws<InvalidOperationException>(() =>
            EngineDriver.Run(new SnapshotFeed(Source()), engines, new DriverOptions(), new FanOutOptions { Threads = 2, BatchEvents = 8, Batches = 2 }, CancellationToken.None));

        Assert.Equal("the sink is broken", e.Message);
    }

    [Fact]
    public void Run_FeedThrowsWhileEnginesRun_RunRethrowsTheFeedsException()
    {
        var fanOut = new FanOutOptions { Threads = 2, BatchEvents = 16, Batches = 2 };

        var oneThread = Assert.Throws<FormatException>(() => Drive(() => new BreakingFeed(new SnapshotFeed(Source()), 300), 0, new DriverOptions(), null));
        var threaded = Assert.Throws<FormatException>(() => Drive(() => new BreakingFeed(new SnapshotFeed(Source()), 300), 0, new DriverOptions(), fanOut));

        Assert.Equal(oneThread.Message, threaded.Message);
    }

    [Fact]
    public void Run_FeedThrowsAfterEveryEngineReachedItsFillLimit_EndsAsTheOneThreadLoopWithoutTheError()
    {
        // Every model has its 2 fills well before row 700; the one-thread loop never reads that far, and the threaded
        // run, which reads ahead, must not fail on what the loop would never have read.
        var fanOut = new FanOutOptions { Threads = 2, BatchEvents = 16, Batches = 4 };

        var oneThread = Drive(() => new BreakingFeed(new SnapshotFeed(Source()), 700), 2, new DriverOptions(), null);
        var threaded = Drive(() => new BreakingFeed(new SnapshotFeed(Source()), 700), 2, new DriverOptions(), fanOut);

        AssertSame(oneThread, threaded);
        Assert.All(threaded.Results, r => Assert.Equal(StopReason.MaxFills, r.Reason));
    }

    [Fact]
    public void Run_CancelledMidFeed_EveryEngineStopsAsCancelledWhereTheOneThreadLoopStops()
    {
        // The token fires while the 200th event is read: both loops take that event and stop before the next one.
        var fanOut = new FanOutOptions { Threads = 2, BatchEvents = 16, Batches = 2 };
        Side Cancelled(FanOutOptions? f)
        {
            using var cts = new CancellationTokenSource();
            return Drive(() => new BreakingFeed(new SnapshotFeed(Source()), 200, cts.Cancel), 0, new DriverOptions(), f, cts.Token);
        }

        var oneThread = Cancelled(null);
        var threaded = Cancelled(fanOut);

        AssertSame(oneThread, threaded);
        Assert.All(threaded.Results, r => Assert.Equal(StopReason.Cancelled, r.Reason));
        Assert.All(threaded.Engines, e => Assert.Equal(200, e.Stats.MarketEvents));
    }

    [Fact]
    public void Run_OneThread_IsTheOneThreadLoop()
    {
        var oneThread = Drive(() => new SnapshotFeed(Source()), 3, new DriverOptions(), null);
        var viaOptions = Drive(() => new SnapshotFeed(Source()), 3, new DriverOptions(), new FanOutOptions { Threads = 1 });

        AssertSame(oneThread, viaOptions);
    }

    /// <summary>A snapshot feed delivered in frames of 1, 2, 3, … events, one wait each; every frame counts one skipped note.</summary>
    private sealed class FrameFeed(ListSnapshotSource source, int frames) : IMarketDataFeed
    {
        private readonly SnapshotFeed _inner = new(source);
        private readonly Dictionary<string, long> _skipped = [];
        private int _frame;
        private int _left;

        public int InstrumentCount => 3;

        public IReadOnlyDictionary<string, long> Skipped => _skipped;

        public bool TryRead(out MarketEvent e)
        {
            if (_left > 0 && _inner.TryRead(out e))
            {
                _left--;
                return true;
            }

            e = default;
            return false;
        }

        public ValueTask<bool> WaitAsync(CancellationToken cancellation)
        {
            if (_frame == frames)
            {
                return ValueTask.FromResult(false);
            }

            _left = (_frame++ % 3) + 1;
            _skipped["frame_note"] = _frame;
            return ValueTask.FromResult(true);
        }
    }

    /// <summary>A feed that throws (or, with <paramref name="onRead"/>, calls it) when its <paramref name="at"/>-th event is read.</summary>
    private sealed class BreakingFeed(IMarketDataFeed inner, int at, Action? onRead = null) : IMarketDataFeed
    {
        private int _read;

        public int InstrumentCount => inner.InstrumentCount;

        public IReadOnlyDictionary<string, long> Skipped => inner.Skipped;

        public bool TryRead(out MarketEvent e)
        {
            if (++_read == at)
            {
                if (onRead is null)
                {
                    throw new FormatException($"row {at} is malformed");
                }

                onRead();
            }

            return inner.TryRead(out e);
        }

        public ValueTask<bool> WaitAsync(CancellationToken cancellation) => inner.WaitAsync(cancellation);
    }

    private sealed class BrokenSink : ILedgerSink
    {
        public void OnOrder(in OrderUpdate order)
        {
        }

        public void OnFill(in FillRecord fill) => throw new InvalidOperationException("the sink is broken");

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
}
