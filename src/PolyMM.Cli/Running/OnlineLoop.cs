using PolyMM.Core.Engine;
using PolyMM.Data.Polymarket;

namespace PolyMM.Cli.Running;

/// <summary>
/// The online counterpart of <see cref="Replay"/> (docs/design.md#engine-loop, docs/design.md#online-data): every <c>--poll-interval-sec</c> of wall time, fetch
/// every selected market concurrently and feed the snapshots that arrived to the engine in selection order; a market
/// whose fetch failed sits the tick out (its error is counted by the client and logged here once per kind per
/// minute). Event time is the venue's book timestamp, so the ledger stays in event time like an offline run.
/// </summary>
/// <remarks>
/// Stops on the first of: cancellation (the in-flight tick is abandoned), <c>--max-runtime-min</c> of wall time since
/// the first tick, the same span of event time since the first snapshot, or <c>--max-fills</c>. Resting orders are
/// then cancelled at the last event time.
/// </remarks>
internal sealed class OnlineLoop(
    PolymarketClient client, IReadOnlyList<GammaMarket> markets, TimeSpan interval, TimeSpan? maxRuntime, TimeProvider clock, TextWriter log)
{
    private readonly List<double> _fetchMs = [];

    /// <summary>Wall time of each tick's concurrent fetch of every market, milliseconds (the online latency figure).</summary>
    public IReadOnlyList<double> FetchMilliseconds => _fetchMs;

    /// <summary>Event time of the last tick processed (the venue's book time), for the heartbeat.</summary>
    public DateTimeOffset? EventTime { get; private set; }

    public async Task<ReplayResult> RunAsync(MarketMakingEngine engine, Action<long> afterTick, CancellationToken cancellation)
    {
        var pacer = new TickPacer(clock, interval, maxRuntime);
        DateTimeOffset? start = null;
        DateTimeOffset? end = null;
        long ticks = 0;
        StopReason reason;
        while (true)
        {
            IReadOnlyList<MarketTickResult> results;
            try
            {
                var fetchStart = clock.GetTimestamp();
                results = await client.FetchTickAsync(markets, cancellation).ConfigureAwait(false);
                _fetchMs.Add(clock.GetElapsedTime(fetchStart).TotalMilliseconds);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }

            start ??= Earliest(results);
            var tickEnd = end;
            var processed = false;
            var pastRuntime = false;
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i].Result;
                if (!r.IsSuccess)
                {
                    Log(results[i].MarketId, r.Error);
                    continue;
                }

                var s = r.Value.Snapshot;
                if (maxRuntime is { } limit && start is { } t0 && s.Ts - t0 > limit)
                {
                    pastRuntime = true;
                    continue;
                }

                engine.OnSnapshot(i, s);
                processed = true;
                // The engine skips a snapshot older than the market's last one; the tick's time only moves forward.
                if (tickEnd is null || s.Ts > tickEnd)
                {
                    tickEnd = s.Ts;
                }

                if (engine.FillLimitReached)
                {
                    break;
                }
            }

            if (processed)
            {
                end = tickEnd;
                EventTime = end;
                engine.EndTick(tickEnd!.Value);
                ticks++;
                afterTick(ticks);
            }

            if (engine.FillLimitReached)
            {
                reason = StopReason.MaxFills;
                break;
            }

            if (pastRuntime)
            {
                reason = StopReason.MaxRuntime;
                break;
            }

            if (cancellation.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }

            try
            {
                if (!await pacer.WaitNextAsync(cancellation).ConfigureAwait(false))
                {
                    reason = StopReason.MaxRuntime;
                    break;
                }
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                reason = StopReason.Cancelled;
                break;
            }
        }

        engine.Finish(end ?? start ?? clock.GetUtcNow());
        return new ReplayResult(reason, start, end, ticks);
    }

    private static DateTimeOffset? Earliest(IReadOnlyList<MarketTickResult> results)
    {
        DateTimeOffset? earliest = null;
        foreach (var r in results)
        {
            if (r.Result.IsSuccess && (earliest is null || r.Result.Value.Snapshot.Ts < earliest))
            {
                earliest = r.Result.Value.Snapshot.Ts;
            }
        }

        return earliest;
    }

    private void Log(string marketId, FetchError error)
    {
        if (client.Errors.ShouldLog(error.Kind, out var suppressed))
        {
            var more = suppressed > 0 ? $" (+{suppressed} more {error.Kind} since the last report)" : string.Empty;
            log.WriteLine($"fetch error {error.Kind}: market {marketId} skipped this tick: {error.Message}{more}");
        }
    }
}
