using PolyMM.Core.Market;

namespace PolyMM.Core.Engine;

/// <summary>
/// The one loop of every run, offline and online (docs/design.md#engine-loop): drain the feed's buffered events into the
/// engine; when nothing is buffered, close the open tick and await the feed. Consecutive events with the same event time
/// form one tick (the i-th rows of fixtures without timestamps all share T0 + i × poll interval); with
/// <see cref="DriverOptions.TickPerBatch"/> (online polling) a tick is everything one wait delivered instead, one poll
/// of every market. After each tick the engine reports its sample and <c>afterTick</c> runs with the tick count (where a
/// ledger commits, a log prints, a test pauses); a stop requested meanwhile ends the run before the next tick starts,
/// never inside one. It runs on event time only — no sleeping, no wall clock — so an offline feed replays as fast as the
/// machine allows and the same inputs give the same ledger. The run ends when the feed ends, the event-time runtime
/// passes <see cref="DriverOptions.MaxRuntime"/> (counted from the earliest event), the fill limit is reached or
/// cancellation fires; then the engine cancels its working orders. Several engines can share one pass over a feed
/// (the sensitivity report): there is still one loop.
/// </summary>
public static partial class EngineDriver
{
    public static async ValueTask<ReplayResult> RunAsync(IMarketDataFeed feed, MarketMakingEngine engine, DriverOptions options,
        CancellationToken cancellation, Action<long>? afterTick = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var results = await RunAsync(feed, [engine], options, cancellation, afterTick).ConfigureAwait(false);
        return results[0];
    }

    /// <summary>
    /// One feed driving several engines at once (docs/design.md#fill-sensitivity): every event goes to each engine in
    /// turn, so N fill models cost one pass over the data, and each engine sees exactly what it would see alone — the
    /// same events, tick boundaries and runtime limit, and its own fill limit: an engine that reaches it closes its tick
    /// and finishes there while the others go on. <paramref name="afterTick"/> gets the count of ticks the driver closed.
    /// One result per engine, in order.
    /// </summary>
    public static async ValueTask<IReadOnlyList<ReplayResult>> RunAsync(IMarketDataFeed feed, IReadOnlyList<MarketMakingEngine> engines,
        DriverOptions options, CancellationToken cancellation, Action<long>? afterTick = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(options);
        var lanes = new Lane[engines.Count];
        for (var i = 0; i < lanes.Length; i++)
        {
            lanes[i] = new Lane(engines[i] ?? throw new ArgumentException("an engine is null", nameof(engines)));
        }

        DateTimeOffset? start = null;
        long ticks = 0;
        var reason = StopReason.DataExhausted;
        DateTimeOffset? tickTs = null;
        var running = lanes.Length;

        while (running > 0)
        {
            if (cancellation.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }

            if (!feed.TryRead(out var e))
            {
                if (tickTs is { } done)
                {
                    // Nothing more buffered: the open tick is complete.
                    ticks = CloseTick(lanes, done, ticks, afterTick);
                    tickTs = null;
                    if (cancellation.IsCancellationRequested)
                    {
                        reason = StopReason.Cancelled;
                        break;
                    }
                }

                bool more;
                try
                {
                    more = await feed.WaitAsync(cancellation).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                {
                    reason = StopReason.Cancelled;
                    break;
                }

                if (!more)
                {
                    reason = options.EndReason?.Invoke() ?? StopReason.DataExhausted;
                    break;
                }

                continue;
            }

            var ts = e.TsEvent;
            start ??= ts;
            if (!options.TickPerBatch && tickTs is { } open && ts > open)
            {
                // The previous tick is complete: every event at its time has been processed.
                ticks = CloseTick(lanes, open, ticks, afterTick);
                tickTs = null;
                if (cancellation.IsCancellationRequested)
                {
                    // Stop between ticks: never start a tick that a stop requested during afterTick would leave half done.
                    reason = StopReason.Cancelled;
                    break;
                }
            }

            if (options.MaxRuntime is { } limit && ts - start.Value > limit)
            {
                // Events come in time order: everything left is past the runtime too.
                reason = StopReason.MaxRuntime;
                break;
            }

            // A row older than the tick (out of order within its file) joins the tick; the engine counts and skips it.
            var tick = tickTs is { } openTick && openTick > ts ? openTick : ts;
            tickTs = tick;
            foreach (var lane in lanes)
            {
                if (lane.Stopped)
                {
                    continue;
                }

                lane.Engine.OnEvent(e);
                lane.End = lane.End is { } last && last > ts ? last : ts;
                if (lane.Engine.FillLimitReached)
                {
                    // The fill limit ends this engine's run at this event, inside its open tick.
                    lane.Stopped = true;
                    lane.Reason = StopReason.MaxFills;
                    running--;
                    lane.Engine.EndTick(tick);
                    lane.Ticks++;
                    if (running == 0)
                    {
                        // The last engine running: the driver's tick ends with it.
                        afterTick?.Invoke(++ticks);
                        tickTs = null;
                    }

                    Finish(lane, feed.Skipped, start, options);
                }
            }
        }

        if (tickTs is { } final)
        {
            ticks = CloseTick(lanes, final, ticks, afterTick);
        }

        foreach (var lane in lanes)
        {
            if (!lane.Stopped)
            {
                lane.Reason = reason;
                Finish(lane, feed.Skipped, start, options);
            }
        }

        var results = new ReplayResult[lanes.Length];
        for (var i = 0; i < lanes.Length; i++)
        {
            results[i] = new ReplayResult(lanes[i].Reason, start, lanes[i].End, lanes[i].Ticks);
        }

        return results;
    }

    /// <summary>Ends the tick at <paramref name="ts"/> in every running engine, then <paramref name="afterTick"/> with the new count.</summary>
    private static long CloseTick(Lane[] lanes, DateTimeOffset ts, long ticks, Action<long>? afterTick)
    {
        foreach (var lane in lanes)
        {
            if (!lane.Stopped)
            {
                lane.Engine.EndTick(ts);
                lane.Ticks++;
            }
        }

        ticks++;
        afterTick?.Invoke(ticks);
        return ticks;
    }

    /// <summary>The feed's skip counts into the engine's stats, then the engine cancels its working orders.</summary>
    private static void Finish(Lane lane, IEnumerable<KeyValuePair<string, long>> skipped, DateTimeOffset? start, DriverOptions options)
    {
        foreach (var (kind, n) in skipped)
        {
            lane.Engine.Stats.SkippedEvents[kind] = lane.Engine.Stats.SkippedEvents.GetValueOrDefault(kind) + n;
        }

        lane.Engine.Finish(lane.End ?? start ?? options.FallbackEnd?.Invoke() ?? default);
    }

    /// <summary>Runs a feed that never waits (offline) to the end on the calling thread.</summary>
    public static ReplayResult Run(IMarketDataFeed feed, MarketMakingEngine engine, DriverOptions options, CancellationToken cancellation,
        Action<long>? afterTick = null)
    {
        var pending = RunAsync(feed, engine, options, cancellation, afterTick);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Runs a feed that never waits (offline) to the end on the calling thread, driving several engines.</summary>
    public static IReadOnlyList<ReplayResult> Run(IMarketDataFeed feed, IReadOnlyList<MarketMakingEngine> engines, DriverOptions options,
        CancellationToken cancellation)
    {
        var pending = RunAsync(feed, engines, options, cancellation);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One engine's progress through the feed.</summary>
    private sealed class Lane(MarketMakingEngine engine)
    {
        public MarketMakingEngine Engine { get; } = engine;

        public DateTimeOffset? End { get; set; }

        public long Ticks { get; set; }

        public bool Stopped { get; set; }

        public StopReason Reason { get; set; } = StopReason.DataExhausted;

        // What the threaded fan-out (EngineDriver.FanOut.cs) keeps per engine besides the above.

        /// <summary>The lane's open tick: the driver's, as the lane has seen the events and tick closes so far.</summary>
        public DateTimeOffset? OpenTick { get; set; }

        /// <summary>The number of the next batch this lane runs.</summary>
        public long Next { get; set; }

        /// <summary>A thread is running this lane over a batch.</summary>
        public bool Busy { get; set; }

        /// <summary>The lane has stopped and its last batch is done: it needs no more batches.</summary>
        public bool Done { get; set; }

        /// <summary>The feed's skip counts handed to <see cref="Finish"/> for a lane stopped by its fill limit.</summary>
        public IEnumerable<KeyValuePair<string, long>> SkippedAtStop { get; set; } = [];
    }
}

/// <summary>How <see cref="EngineDriver"/> runs one feed.</summary>
public sealed record DriverOptions
{
    /// <summary>Stop once an event is more than this much event time after the earliest one.</summary>
    public TimeSpan? MaxRuntime { get; init; }

    /// <summary>One tick per batch the feed delivers (online: one poll of every market) instead of one per event time.</summary>
    public bool TickPerBatch { get; init; }

    /// <summary>Why the run stopped when the feed ended (an online feed ends at its wall-time limit); default: data exhausted.</summary>
    public Func<StopReason>? EndReason { get; init; }

    /// <summary>The time the engine's working orders are closed at when the feed delivered nothing at all.</summary>
    public Func<DateTimeOffset>? FallbackEnd { get; init; }
}
