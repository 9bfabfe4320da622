using PolyMM.Core.Market;

namespace PolyMM.Core.Engine;

/// <summary>
/// Recorded top-of-book streams, one per market, merged into one <see cref="IMarketDataFeed"/> ordered by event time
/// (docs/design.md#engine-loop). Each row becomes a <see cref="MarketEventKind.TopOfBook"/> event whose sequence is its
/// row number in its market's stream (source order). Each market's stream is read one row ahead; a binary min-heap of
/// the markets' next rows, keyed by (event time, market index, sequence), picks the next event, so memory is one row per
/// market whatever the data size and a step is O(log markets) with no allocation. Everything is "buffered": the feed
/// never waits, and <see cref="WaitAsync"/> answers false once the streams have ended.
/// </summary>
public sealed class SnapshotFeed : IMarketDataFeed
{
    private static readonly IReadOnlyDictionary<string, long> NothingSkipped = new Dictionary<string, long>();

    private readonly ISnapshotSource _source;
    private readonly Snapshot[] _head;
    private readonly long[] _sequence;
    private readonly int[] _heap;
    private int _count;

    public SnapshotFeed(ISnapshotSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _head = new Snapshot[source.MarketCount];
        _sequence = new long[source.MarketCount];
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

    public int InstrumentCount => _head.Length;

    public IReadOnlyDictionary<string, long> Skipped => NothingSkipped;

    public bool TryRead(out MarketEvent e)
    {
        if (_count == 0)
        {
            e = default;
            return false;
        }

        var top = _heap[0];
        e = MarketEvent.TopOfBook(top, _head[top], _sequence[top]++);

        // Replace the market's row by its next one, or drop the market when its data has ended.
        if (!_source.TryRead(top, out _head[top]))
        {
            _heap[0] = _heap[--_count];
        }

        if (_count > 0)
        {
            SiftDown(0);
        }

        return true;
    }

    public ValueTask<bool> WaitAsync(CancellationToken cancellation) => ValueTask.FromResult(false);

    private bool Less(int a, int b)
    {
        var ta = _head[a].Ts;
        var tb = _head[b].Ts;
        return ta < tb || (ta == tb && (a < b || (a == b && _sequence[a] < _sequence[b])));
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
