using PolyMM.Core.Market;

namespace PolyMM.Core.Engine;

/// <summary>
/// The offline loop: tick i is the i-th snapshot of every market, in selection order. It runs on event
/// time only — no sleeping, no wall clock — so a recording replays as fast as the machine allows and the
/// same inputs give the same ledger. The event clock starts at the earliest snapshot of the first tick.
/// </summary>
public static class Replay
{
    /// <summary>
    /// Replays <paramref name="source"/> through <paramref name="engine"/> until the data ends, the event-time
    /// runtime passes <paramref name="maxRuntime"/>, the fill limit is reached or <paramref name="cancellation"/>
    /// fires. <paramref name="afterTick"/> is called after each tick with the tick count so far: where a ledger
    /// commits and a log prints.
    /// </summary>
    public static ReplayResult Run(ISnapshotSource source, MarketMakingEngine engine, TimeSpan? maxRuntime, CancellationToken cancellation,
        Action<long>? afterTick = null)
    {
        var n = source.MarketCount;
        var tick = new Snapshot[n];
        var has = new bool[n];
        var done = new bool[n];
        DateTimeOffset? start = null;
        DateTimeOffset? end = null;
        long ticks = 0;
        var reason = StopReason.DataExhausted;

        while (true)
        {
            if (cancellation.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }

            var any = false;
            for (var i = 0; i < n; i++)
            {
                has[i] = !done[i] && source.TryRead(i, out tick[i]);
                done[i] |= !has[i];
                if (ticks == 0 && has[i] && (start is null || tick[i].Ts < start))
                {
                    start = tick[i].Ts;
                }

                any |= has[i];
            }

            if (!any)
            {
                break;
            }

            var tickEnd = end;
            var processed = false;
            for (var i = 0; i < n; i++)
            {
                if (!has[i])
                {
                    continue;
                }

                if (maxRuntime is { } limit && tick[i].Ts - start!.Value > limit)
                {
                    // This market's data has passed the runtime: it stops here.
                    done[i] = true;
                    continue;
                }

                engine.OnSnapshot(i, tick[i]);
                processed = true;
                if (tickEnd is null || tick[i].Ts > tickEnd)
                {
                    tickEnd = tick[i].Ts;
                }

                if (engine.FillLimitReached)
                {
                    break;
                }
            }

            if (processed)
            {
                end = tickEnd;
                engine.EndTick(tickEnd!.Value);
                ticks++;
                afterTick?.Invoke(ticks);
            }

            if (engine.FillLimitReached)
            {
                reason = StopReason.MaxFills;
                break;
            }

            if (!processed)
            {
                reason = StopReason.MaxRuntime;
                break;
            }
        }

        engine.Finish(end ?? start ?? default);
        return new ReplayResult(reason, start, end, ticks);
    }
}
