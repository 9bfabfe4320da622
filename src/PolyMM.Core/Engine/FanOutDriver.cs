using PolyMM.Core.Market;

namespace PolyMM.Core.Engine;

/// <summary>
/// One feed driving several engines at once (docs/design.md#fill-sensitivity): the data are read and parsed once and every
/// market event is handed to each engine in turn, so N fill models cost one pass over the data. Each engine sees exactly
/// what <see cref="EngineDriver"/> would show it alone — the same events, the same tick boundaries (one tick per event time,
/// or per batch with <see cref="DriverOptions.TickPerBatch"/>), the same runtime limit, and its own fill limit: an engine
/// that reaches <c>--max-fills</c> closes its tick and stops there while the others go on. At the end every engine that is
/// still running closes its tick, gets the feed's skipped counts and finishes its working orders.
/// </summary>
public static class FanOutDriver
{
    /// <summary>Runs a feed that never waits (offline) to the end; one result per engine, in order.</summary>
    public static IReadOnlyList<ReplayResult> Run(IMarketDataFeed feed, IReadOnlyList<MarketMakingEngine> engines, DriverOptions options,
        CancellationToken cancellation)
    {
        var pending = RunAsync(feed, engines, options, cancellation);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    public static async ValueTask<IReadOnlyList<ReplayResult>> RunAsync(IMarketDataFeed feed, IReadOnlyList<MarketMakingEngine> engines,
        DriverOptions options, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(engines);
        ArgumentNullException.ThrowIfNull(options);
        var lanes = engines.Select(e => new Lane(e)).ToArray();
        DateTimeOffset? start = null;
        DateTimeOffset? tickTs = null;
        var reason = StopReason.DataExhausted;
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
                    CloseTick(lanes, done);
                    tickTs = null;
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
                CloseTick(lanes, open);
                tickTs = null;
            }

            if (options.MaxRuntime is { } limit && ts - start.Value > limit)
            {
                reason = StopReason.MaxRuntime;
                break;
            }

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
                    // As EngineDriver: the fill limit ends this engine's run at this event, inside its open tick.
                    lane.Engine.EndTick(tickTs is { } t && t > ts ? t : ts);
                    lane.Ticks++;
                    lane.Stopped = true;
                    lane.Reason = StopReason.MaxFills;
                    Finish(lane, feed, start, options);
                    running--;
                }
            }

            if (tickTs is null || ts > tickTs)
            {
                tickTs = ts;
            }
        }

        if (tickTs is { } final)
        {
            CloseTick(lanes, final);
        }

        foreach (var lane in lanes.Where(l => !l.Stopped))
        {
            lane.Reason = reason;
            Finish(lane, feed, start, options);
        }

        return [.. lanes.Select(l => new ReplayResult(l.Reason, start, l.End, l.Ticks))];
    }

    private static void CloseTick(Lane[] lanes, DateTimeOffset ts)
    {
        foreach (var lane in lanes)
        {
            if (!lane.Stopped)
            {
                lane.Engine.EndTick(ts);
                lane.Ticks++;
            }
        }
    }

    private static void Finish(Lane lane, IMarketDataFeed feed, DateTimeOffset? start, DriverOptions options)
    {
        foreach (var (kind, n) in feed.Skipped)
        {
            lane.Engine.Stats.SkippedEvents[kind] = lane.Engine.Stats.SkippedEvents.GetValueOrDefault(kind) + n;
        }

        lane.Engine.Finish(lane.End ?? start ?? options.FallbackEnd?.Invoke() ?? default);
    }

    private sealed class Lane(MarketMakingEngine engine)
    {
        public MarketMakingEngine Engine { get; } = engine;
        public DateTimeOffset? End { get; set; }
        public long Ticks { get; set; }
        public bool Stopped { get; set; }
        public StopReason Reason { get; set; } = StopReason.DataExhausted;
    }
}
