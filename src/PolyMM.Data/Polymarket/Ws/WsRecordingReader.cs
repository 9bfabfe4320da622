using PolyMM.Core.Instruments;
using PolyMM.Core.Market;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// Replays a market-channel recording directory as an <see cref="IMarketDataFeed"/> (docs/design.md#websocket-recording):
/// envelopes are read lazily, file by file and line by line, through one <see cref="MarketChannelParser"/>, so memory
/// stays bounded whatever the recording's size. Frames are in receive order while events are ordered by the venue's
/// timestamps, which can disagree by a few seconds across tokens: a reorder window (<see cref="ReorderWindow"/> of
/// event time, at most <see cref="MaxBuffered"/> events) releases events in (event time, sequence) order; an event
/// older than one already released is released at once with the released time (counted as <c>late_event</c>).
/// Damage (truncated gzip member, non-envelope line, non-JSON frame) is counted, named in <see cref="Problems"/>, and
/// the replay goes on.
/// </summary>
public sealed class WsRecordingReader : IMarketDataFeed, IDisposable
{
    private readonly WsRecordingFiles _files;
    private readonly IEnumerator<WsEnvelope> _envelopes;
    private readonly List<MarketEvent> _scratch = new(64);
    private readonly PriorityQueue<MarketEvent, (long Ticks, long Seq)> _pending = new();
    private readonly Dictionary<string, long> _skipped = new(StringComparer.Ordinal);
    private DateTimeOffset _maxSeen = DateTimeOffset.MinValue;
    private DateTimeOffset _lastReleased = DateTimeOffset.MinValue;
    private bool _ended;

    /// <exception cref="Fixtures.FixtureFormatException">The directory has no (valid) markets.json.</exception>
    public WsRecordingReader(string directory, TimeSpan? reorderWindow = null, int maxBuffered = 100_000)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Instruments = WsMarketsFile.Read(directory);
        Parser = new MarketChannelParser(new WsTokenMap(Instruments));
        _files = new WsRecordingFiles(directory);
        _envelopes = _files.ReadBorrowed().GetEnumerator();
        ReorderWindow = reorderWindow ?? TimeSpan.FromSeconds(10);
        MaxBuffered = maxBuffered;
    }

    public IReadOnlyList<InstrumentSpec> Instruments { get; }

    public MarketChannelParser Parser { get; }

    public TimeSpan ReorderWindow { get; }

    public int MaxBuffered { get; }

    public int InstrumentCount => Instruments.Count;

    /// <summary>Envelopes read so far.</summary>
    public long Envelopes { get; private set; }

    /// <summary>"file:line: reason" for damaged lines and frames (the first 100).</summary>
    public IReadOnlyList<string> Problems => _files.Problems;

    public IReadOnlyDictionary<string, long> Skipped
    {
        get
        {
            _skipped.Clear();
            foreach (var (k, v) in Parser.Skipped)
            {
                _skipped[k] = v;
            }

            foreach (var (k, v) in _files.Counts)
            {
                _skipped[k] = _skipped.GetValueOrDefault(k) + v;
            }

            return _skipped;
        }
    }

    public bool TryRead(out MarketEvent e)
    {
        while (true)
        {
            if (_pending.Count > 0 && (_ended || _pending.Count > MaxBuffered || _pending.Peek().TsEvent <= _maxSeen - ReorderWindow))
            {
                e = _pending.Dequeue();
                _lastReleased = e.TsEvent;
                return true;
            }

            if (_ended)
            {
                e = default;
                return false;
            }

            Pump();
        }
    }

    /// <summary>Everything is read on demand by <see cref="TryRead"/>: there is never anything to wait for.</summary>
    public ValueTask<bool> WaitAsync(CancellationToken cancellation) => ValueTask.FromResult(false);

    public void Dispose() => _envelopes.Dispose();

    private void Pump()
    {
        if (!_envelopes.MoveNext())
        {
            _ended = true;
            return;
        }

        var env = _envelopes.Current;
        Envelopes++;
        _scratch.Clear();
        Parser.ParseFrame(in env, _scratch);
        foreach (var ev in _scratch)
        {
            var e = ev;
            if (e.TsEvent < _lastReleased)
            {
                Parser.Count("late_event");
                e = WithEventTime(e, _lastReleased);
            }

            if (e.TsEvent > _maxSeen)
            {
                _maxSeen = e.TsEvent;
            }

            _pending.Enqueue(e, (e.TsEvent.UtcTicks, e.Sequence));
        }
    }

    /// <summary>The same event with another event time (a late event released at the time already reached).</summary>
    internal static MarketEvent WithEventTime(in MarketEvent e, DateTimeOffset ts) => e.Kind switch
    {
        MarketEventKind.BookSnapshot => MarketEvent.BookSnapshot(e.Instrument, e.Token, ts, e.TsRecv, e.Sequence, e.Book!),
        MarketEventKind.LevelChange => MarketEvent.LevelChange(e.Instrument, e.Token, ts, e.TsRecv, e.Sequence, e.Side, e.Price, e.Size),
        MarketEventKind.Trade => MarketEvent.Trade(e.Instrument, e.Token, ts, e.TsRecv, e.Sequence, e.Side, e.Price, e.Size, e.TxHash),
        MarketEventKind.TickSizeChange => MarketEvent.TickSizeChange(e.Instrument, ts, e.TsRecv, e.Sequence, e.TickSize),
        _ => e,
    };
}

/// <summary>Rebuilds the books of a recording as of a receive time (what <c>mm book show</c> prints).</summary>
public static class WsBookReplay
{
    /// <summary>
    /// Reads every envelope received at or before <paramref name="at"/> (all of them when null) through one parser and
    /// returns it with the files' damage report. Receive time, not venue time, decides: it only grows along the
    /// stream, so the books are exactly what a listener knew at that moment.
    /// </summary>
    public static (MarketChannelParser Parser, IReadOnlyList<Core.Instruments.InstrumentSpec> Instruments, WsRecordingFiles Files) Replay(string directory, DateTimeOffset? at)
    {
        var instruments = WsMarketsFile.Read(directory);
        var parser = new MarketChannelParser(new WsTokenMap(instruments));
        var files = new WsRecordingFiles(directory);
        var scratch = new List<MarketEvent>(64);
        foreach (var env in files.ReadBorrowed())
        {
            if (at is { } limit && env.Received > limit)
            {
                break;
            }

            scratch.Clear();
            parser.ParseFrame(in env, scratch);
        }

        return (parser, instruments, files);
    }
}
