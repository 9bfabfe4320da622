using PolyMM.Core.Engine;
using PolyMM.Core.Market;
using PolyMM.Data.Polymarket;

namespace PolyMM.Cli.Running;

/// <summary>
/// The live REST poll as an <see cref="IMarketDataFeed"/> (docs/design.md#engine-loop, docs/design.md#online-data): each
/// <see cref="WaitAsync"/> waits for the next <c>--poll-interval-sec</c> slot on the injected clock (the first poll
/// starts at once), fetches every selected market concurrently and buffers the books that arrived as top-of-book events,
/// ordered by event time (the venue's book timestamp; ties by market index). A market whose fetch failed sits the poll
/// out (its error is counted by the client and logged here once per kind per minute). The feed ends when
/// <c>--max-runtime-min</c> of wall time has passed since the first poll (<see cref="EndReason"/>: max runtime) or, with
/// <c>--max-polls</c>, once that many polls are done (max polls: a count, whatever the machine's speed); the
/// driver stops on the same span of event time, on the fill limit and on cancellation. The same
/// <see cref="EngineDriver"/> as offline runs it, one tick per poll.
/// </summary>
internal sealed class OnlinePollFeed(
    PolymarketClient client, IReadOnlyList<GammaMarket> markets, TimeSpan interval, TimeSpan? maxRuntime, long maxPolls, TimeProvider clock, TextWriter log)
    : IMarketDataFeed
{
    private static readonly IReadOnlyDictionary<string, long> NothingSkipped = new Dictionary<string, long>();

    private readonly List<double> _fetchMs = [];
    private readonly List<MarketEvent> _batch = [];
    private TickPacer? _pacer;
    private int _next;
    private long _sequence;

    public int InstrumentCount => markets.Count;

    public IReadOnlyDictionary<string, long> Skipped => NothingSkipped;

    /// <summary>Wall time of each poll's concurrent fetch of every market, milliseconds (the online latency figure).</summary>
    public IReadOnlyList<double> FetchMilliseconds => _fetchMs;

    /// <summary>Event time of the last event handed to the driver (the venue's book time), for the heartbeat.</summary>
    public DateTimeOffset? EventTime { get; private set; }

    /// <summary>Polls done, whether or not their fetches succeeded.</summary>
    public long Polls { get; private set; }

    /// <summary>Why the feed ended: the wall-time runtime limit or the poll limit, or null while it has not.</summary>
    public StopReason? EndReason { get; private set; }

    public bool TryRead(out MarketEvent e)
    {
        if (_next < _batch.Count)
        {
            e = _batch[_next++];
            EventTime = e.TsEvent;
            return true;
        }

        e = default;
        return false;
    }

    public async ValueTask<bool> WaitAsync(CancellationToken cancellation)
    {
        while (true)
        {
            if (maxPolls > 0 && Polls >= maxPolls)
            {
                EndReason = StopReason.MaxPolls;
                return false;
            }

            if (_pacer is null)
            {
                _pacer = new TickPacer(clock, interval, maxRuntime);
            }
            else if (!await _pacer.WaitNextAsync(cancellation).ConfigureAwait(false))
            {
                EndReason = StopReason.MaxRuntime;
                return false;
            }

            var fetchStart = clock.GetTimestamp();
            var results = await client.FetchTickAsync(markets, cancellation).ConfigureAwait(false);
            _fetchMs.Add(clock.GetElapsedTime(fetchStart).TotalMilliseconds);
            Polls++;
            _batch.Clear();
            _next = 0;
            for (var i = 0; i < results.Count; i++)
            {
                var r = results[i].Result;
                if (!r.IsSuccess)
                {
                    Log(results[i].MarketId, r.Error);
                    continue;
                }

                _batch.Add(MarketEvent.TopOfBook(i, r.Value.Snapshot, _sequence++));
            }

            if (_batch.Count > 0)
            {
                // One time-ordered stream: within a poll by the venue's book time, ties by market index (stable).
                _batch.Sort(static (a, b) => a.TsEvent != b.TsEvent ? a.TsEvent.CompareTo(b.TsEvent) : a.Instrument.CompareTo(b.Instrument));
                return true;
            }

            // Every fetch failed: nothing to process this poll; wait for the next one.
        }
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
