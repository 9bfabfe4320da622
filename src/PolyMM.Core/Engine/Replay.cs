using PolyMM.Core.Market;

namespace PolyMM.Core.Engine;

/// <summary>
/// The offline loop: one stream of snapshots ordered by event time across all markets (docs/design.md#engine-loop,
/// "one time-ordered feed"). Each market's file is read one row ahead; a small binary heap of the markets'
/// next rows (key: event time, then market index — stable ties by source order) picks the next event, so
/// memory is one snapshot per market whatever the data size. Consecutive events with the same event time form
/// one tick (the i-th rows of fixtures without timestamps all share T0 + i × poll interval, so such fixtures
/// replay exactly as before). It runs on event time only — no sleeping, no wall clock — so a recording
/// replays as fast as the machine allows and the same inputs give the same ledger. The event clock starts at
/// the earliest event.
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
        var heap = new EventHeap(source);
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

            if (!heap.TryPeek(out var market, out var ts))
            {
                break;
            }

            start ??= ts;
            if (tickTs is { } open && ts > open)
            {
                // The previous tick is complete: every event at its time has been processed.
                engine.EndTick(open);
                ticks++;
                afterTick?.Invoke(ticks);
                tickTs = null;
                if (cancellation.IsCancellationRequested)
                {
                    // Stop between ticks: never start a tick that a stop requested during afterTick would leave half done.
                    reason = StopReason.Cancelled;
                    break;
                }
            }

            if (maxRuntime is { } limit && ts - start.Value > limit)
            {
                // Events come in time order: everything left is past the runtime too.
                reason = StopReason.MaxRuntime;
                break;
            }

            engine.OnSnapshot(market, heap.Current(market));
            heap.Advance();

            // A row older than the tick (out of order within its file) joins the tick; the engine counts and skips it.
            if (tickTs is null || ts > tickTs)
            {
                tickTs = ts;
            }

            end = end is { } e && e > ts ? e : ts;
            if (engine.FillLimitReached)
            {
                reason = StopReason.MaxFills;
                break;
            }
        }

        if (tickTs is { } last)
        {
            engine.EndTick(last);
            ticks++;
            afterTick?.Invoke(ticks);
        }

        engine.Finish(end ?? start ?? default);
        return new ReplayResult(reason, start, end, ticks);
    }

    /// <summary>
    /// The next row of every market that still has data, as a binary min-heap of market indices ordered by
    /// (event time, market index). Arrays are allocated once; a step is O(log markets) and allocates nothing.
    /// </summary>
    private sealed class EventHeap
    {
        private readonly ISnapshotSource _source;
        private readonly Snapshot[] _head;
        private readonly int[] _heap;
        private int _count;

        public EventHeap(ISnapshotSource source)
        {
            _source = source;
            _head = new Snapshot[source.MarketCount];
            _heap = new int[source.MarketCount];
            for (var i = 0; i < _head.Length; i++)
            {
                if (source.TryRead(i, out _head[i]))
                {
                    _heap[_count] = i;
                    SiftUp(_count++);
                }
            }
        }

        public bool TryPeek(out int market, out DateTimeOffset ts)
        {
            if (_count == 0)
            {
                market = -1;
                ts = default;
                return false;
            }

            market = _heap[0];
            ts = _head[market].Ts;
            return true;
        }

        public ref readonly Snapshot Current(int market) => ref _head[market];

        /// <summary>Replaces the top market's row by its next one, or drops the market when its data has ended.</summary>
        public void Advance()
        {
            var top = _heap[0];
            if (!_source.TryRead(top, out _head[top]))
            {
                _heap[0] = _heap[--_count];
            }

            if (_count > 0)
            {
                SiftDown(0);
            }
        }

        private bool Less(int a, int b)
        {
            var ta = _head[a].Ts;
            var tb = _head[b].Ts;
            return ta < tb || (ta == tb && a < b);
        }

        private void SiftUp(int i)
        {
            while (i > 0)
            {
                var parent = (i - 1) / 2;
                if (!Less(_heap[i], _heap[parent]))
                {
                    return;
                }

                (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
                i = parent;
            }
        }

        private void SiftDown(int i)
        {
            while (true)
            {
                var left = (2 * i) + 1;
                if (left >= _count)
                {
                    return;
                }

                var child = left + 1 < _count && Less(_heap[left + 1], _heap[left]) ? left + 1 : left;
                if (!Less(_heap[child], _heap[i]))
                {
                    return;
                }

                (_heap[i], _heap[child]) = (_heap[child], _heap[i]);
                i = child;
            }
        }
    }
}
