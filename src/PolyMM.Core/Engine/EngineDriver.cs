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
/// cancellation fires; then the engine cancels its working orders.
/// </summary>
public static class EngineDriver
{
    public static async ValueTask<ReplayResult> RunAsync(IMarketDataFeed feed, MarketMakingEngine engine, DriverOptions options,
        CancellationToken cancellation, Action<long>? afterTick = null)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(options);
        DateTimeOffset? start = null;
        DateTimeOffset? end = null;
        long ticks = 0;
        var reason = StopReason.DataExhausted;
        DateTimeOffset? tickTs = null;

        while (true)
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
                    ticks = CloseTick(engine, done, ticks, afterTick);
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
                ticks = CloseTick(engine, open, ticks, afterTick);
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

            engine.OnEvent(e);

            // A row older than the tick (out of order within its file) joins the tick; the engine counts and skips it.
            if (tickTs is null || ts > tickTs)
            {
                tickTs = ts;
            }

            end = end is { } last && last > ts ? last : ts;
            if (engine.FillLimitReached)
            {
                reason = StopReason.MaxFills;
                break;
            }
        }

        if (tickTs is { } final)
        {
            ticks = CloseTick(engine, final, ticks, afterTick);
        }

        foreach (var (kind, n) in feed.Skipped)
        {
            engine.Stats.SkippedEvents[kind] = engine.Stats.SkippedEvents.GetValueOrDefault(kind) + n;
        }

        engine.Finish(end ?? start ?? options.FallbackEnd?.Invoke() ?? default);
        return new ReplayResult(reason, start, end, ticks);
    }

    /// <summary>Ends the tick at <paramref name="ts"/>: the engine's sample, then <paramref name="afterTick"/> with the new count.</summary>
    private static long CloseTick(MarketMakingEngine engine, DateTimeOffset ts, long ticks, Action<long>? afterTick)
    {
        engine.EndTick(ts);
        ticks++;
        afterTick?.Invoke(ticks);
        return ticks;
    }

    /// <summary>Runs a feed that never waits (offline) to the end on the calling thread.</summary>
    public static ReplayResult Run(IMarketDataFeed feed, MarketMakingEngine engine, DriverOptions options, CancellationToken cancellation,
        Action<long>? afterTick = null)
    {
        var pending = RunAsync(feed, engine, options, cancellation, afterTick);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
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
