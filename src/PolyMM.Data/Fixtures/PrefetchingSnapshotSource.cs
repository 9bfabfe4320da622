using System.Runtime.ExceptionServices;
using PolyMM.Core.Engine;
using PolyMM.Core.Market;

namespace PolyMM.Data.Fixtures;

/// <summary>
/// A fixture's markets read and parsed ahead on a thread of their own (docs/design.md#performance-notes), so parsing the
/// JSONL lines overlaps the engine. Each market's snapshots come in the file's order, exactly as
/// <see cref="FixtureSnapshotSource"/> gives them; the merge by event time, and everything counted while merging, stays
/// with the consumer. A malformed line is thrown to the consumer when it reaches that line, after every snapshot before it,
/// as reading directly would. Read-ahead is bounded: a few chunks per market, smaller chunks when there are many markets.
/// </summary>
public sealed class PrefetchingSnapshotSource : ISnapshotSource, IDisposable
{
    private const int ChunksAhead = 4;
    private const int SnapshotBudget = 1 << 16;

    private readonly FixtureSnapshotSource _inner;
    private readonly int _chunkSize;
    private readonly Lane[] _lanes;
    private readonly Stack<Snapshot[]> _free = new();
    private readonly object _gate = new();
    private readonly Thread _reader;
    private bool _stopping;

    public PrefetchingSnapshotSource(FixtureSnapshotSource inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        _inner = inner;
        _chunkSize = Math.Clamp(SnapshotBudget / Math.Max(1, inner.MarketCount) / ChunksAhead, 16, 1024);
        _lanes = new Lane[inner.MarketCount];
        for (var i = 0; i < _lanes.Length; i++)
        {
            _lanes[i] = new Lane();
        }

        _reader = new Thread(ReadAhead) { IsBackground = true, Name = "fixture-reader" };
        _reader.Start();
    }

    public int MarketCount => _lanes.Length;

    /// <summary>Bytes of every market's file behind the snapshots handed out so far (for progress).</summary>
    public long BytesRead
    {
        get
        {
            long sum = 0;
            foreach (var lane in _lanes)
            {
                sum += lane.BytesConsumed;
            }

            return sum;
        }
    }

    /// <summary>The total size of every market's file when opened.</summary>
    public long TotalBytes => _inner.TotalBytes;

    public bool TryRead(int market, out Snapshot snapshot)
    {
        var lane = _lanes[market];
        while (lane.Current is null || lane.Next >= lane.Current.Count)
        {
            if (lane.Current is { } done)
            {
                if (done.End)
                {
                    done.Error?.Throw();
                    snapshot = default;
                    return false;
                }

                Recycle(done);
                lane.Current = null;
            }

            lane.Current = Take(lane);
            lane.Next = 0;
        }

        var chunk = lane.Current;
        snapshot = chunk.Items[lane.Next++];
        if (lane.Next == chunk.Count)
        {
            lane.BytesConsumed = chunk.BytesAfter;
        }

        return true;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _reader.Join();
    }

    private Chunk Take(Lane lane)
    {
        lock (_gate)
        {
            while (lane.Ready.Count == 0)
            {
                Monitor.Wait(_gate);
            }

            var chunk = lane.Ready.Dequeue();
            Monitor.PulseAll(_gate);
            return chunk;
        }
    }

    private void Recycle(Chunk chunk)
    {
        lock (_gate)
        {
            _free.Push(chunk.Items);
        }
    }

    private void ReadAhead()
    {
        while (true)
        {
            int market;
            Snapshot[] items;
            lock (_gate)
            {
                // The market with the fewest chunks ready that has not ended; wait while every one is full.
                while (true)
                {
                    if (_stopping)
                    {
                        return;
                    }

                    market = -1;
                    var fewest = ChunksAhead;
                    for (var i = 0; i < _lanes.Length; i++)
                    {
                        var lane = _lanes[i];
                        if (!lane.Ended && lane.Ready.Count < fewest)
                        {
                            market = i;
                            fewest = lane.Ready.Count;
                        }
                    }

                    if (market >= 0)
                    {
                        break;
                    }

                    if (Array.TrueForAll(_lanes, l => l.Ended))
                    {
                        return;
                    }

                    Monitor.Wait(_gate);
                }

                items = _free.Count > 0 ? _free.Pop() : new Snapshot[_chunkSize];
            }

            var chunk = Fill(market, items);
            lock (_gate)
            {
                var lane = _lanes[market];
                lane.Ready.Enqueue(chunk);
                lane.Ended = chunk.End;
                Monitor.PulseAll(_gate);
            }
        }
    }

    private Chunk Fill(int market, Snapshot[] items)
    {
        var n = 0;
        try
        {
            while (n < items.Length)
            {
                if (!_inner.TryRead(market, out items[n]))
                {
                    return new Chunk(items, n, _inner.BytesReadOf(market), End: true, Error: null);
                }

                n++;
            }

            return new Chunk(items, n, _inner.BytesReadOf(market), End: false, Error: null);
        }
        catch (Exception e)
        {
            // Every snapshot read before the bad line is delivered first; the error ends the market.
            return new Chunk(items, n, _inner.BytesReadOf(market), End: true, Error: ExceptionDispatchInfo.Capture(e));
        }
    }

    private sealed record Chunk(Snapshot[] Items, int Count, long BytesAfter, bool End, ExceptionDispatchInfo? Error);

    private sealed class Lane
    {
        public Queue<Chunk> Ready { get; } = new(ChunksAhead);

        /// <summary>Set by the reader (under the lock) once the market's last chunk is queued.</summary>
        public bool Ended { get; set; }

        /// <summary>The chunk being handed out; only the consumer touches it.</summary>
        public Chunk? Current { get; set; }

        public int Next { get; set; }

        public long BytesConsumed { get; set; }
    }
}
