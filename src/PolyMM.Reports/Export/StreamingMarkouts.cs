using PolyMM.Core.Economics;
using PolyMM.Core.Orders;

namespace PolyMM.Reports.Export;

/// <summary>
/// Markouts (docs/design.md#markouts, computed by <see cref="Markouts.ComputeOne"/>) of fills arriving in time order
/// against the run's mark stream, in bounded memory: a fill is held until the marks up to its last horizon have been
/// read, and each market keeps only the marks from the oldest held fill on. Results come out in the order the fills
/// went in. A horizon past <c>dataEnd</c> (the end of the run's data) is unknown.
/// </summary>
internal sealed class StreamingMarkouts<T> : IDisposable
{
    /// <summary>A market's window is trimmed once it holds twice what it kept at its last trim, and at least this many marks.</summary>
    private const int MinTrimAt = 256;

    private readonly IEnumerator<MarkSample> _marks;
    private readonly IReadOnlyList<TimeSpan> _horizons;
    private readonly TimeSpan _longest;
    private readonly List<MarkSample>[] _windows;
    private readonly int[] _trimAt;
    private readonly Queue<(T Item, int Market, MarkoutFill Fill)> _pending = new();
    private readonly Action<T, FillMarkouts> _emit;
    private bool _hasMark;
    private DateTimeOffset? _lastMark;

    public StreamingMarkouts(IEnumerable<MarkSample> marks, int markets, IReadOnlyList<TimeSpan> horizons, Action<T, FillMarkouts> emit)
    {
        _marks = marks.GetEnumerator();
        _horizons = horizons;
        _longest = horizons.Count > 0 ? horizons.Max() : TimeSpan.Zero;
        _windows = [.. Enumerable.Range(0, markets).Select(_ => new List<MarkSample>())];
        _trimAt = [.. Enumerable.Repeat(MinTrimAt, markets)];
        _emit = emit;
        _hasMark = _marks.MoveNext();
    }

    /// <summary>Adds a fill (not earlier than the previous one) of <paramref name="market"/>; emits every fill now known.</summary>
    public void Add(T item, int market, MarkoutFill fill)
    {
        _pending.Enqueue((item, market, fill));
        while (_pending.Count > 0)
        {
            var head = _pending.Peek();
            ReadMarksThrough(head.Fill.Ts + _longest);
            if (!_hasMark)
            {
                return; // the marks ran out: the rest waits for Finish, which knows where the data ends
            }

            // A mark later than the head's last horizon exists, so every horizon lies inside the data.
            Emit(DateTimeOffset.MaxValue);
        }
    }

    /// <summary>Emits every held fill; <paramref name="dataEnd"/> is the last event time of the run's data (else the last mark's).</summary>
    public void Finish(DateTimeOffset? dataEnd)
    {
        var last = _pending.Count > 0 ? _pending.Last().Fill.Ts + _longest : DateTimeOffset.MinValue;
        ReadMarksThrough(last);
        while (_hasMark)
        {
            _lastMark = _marks.Current.Ts;
            _hasMark = _marks.MoveNext();
        }

        var end = (dataEnd, _lastMark) switch
        {
            ({ } d, { } m) => d > m ? d : m,
            ({ } d, null) => d,
            (null, { } m) => m,
            _ => DateTimeOffset.MinValue,
        };
        while (_pending.Count > 0)
        {
            Emit(end);
        }
    }

    private void Emit(DateTimeOffset end)
    {
        var (item, market, fill) = _pending.Dequeue();
        _emit(item, Markouts.ComputeOne(fill, _windows[market], _horizons, end));
    }

    private void ReadMarksThrough(DateTimeOffset t)
    {
        while (_hasMark && _marks.Current.Ts <= t)
        {
            var m = _marks.Current;
            var window = _windows[m.MarketIndex];
            window.Add(m);
            _lastMark = m.Ts;
            if (window.Count >= _trimAt[m.MarketIndex])
            {
                Trim(window);
                _trimAt[m.MarketIndex] = Math.Max(MinTrimAt, 2 * window.Count);
            }

            _hasMark = _marks.MoveNext();
        }
    }

    /// <summary>Drops the marks before the last one at or before the oldest held fill: no held fill can need them.</summary>
    private void Trim(List<MarkSample> window)
    {
        var oldest = _pending.Count > 0 ? _pending.Peek().Fill.Ts : window[^1].Ts;
        int lo = 0, hi = window.Count - 1, keep = 0;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (window[mid].Ts <= oldest)
            {
                keep = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (keep > 0)
        {
            window.RemoveRange(0, keep);
        }
    }

    public void Dispose() => _marks.Dispose();
}
