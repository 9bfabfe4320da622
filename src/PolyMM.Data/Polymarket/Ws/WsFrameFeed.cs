using PolyMM.Core.Instruments;
using PolyMM.Core.Market;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// The market channel as the engine trades on it, one frame at a time (docs/design.md#engine-loop): every
/// <see cref="WaitAsync"/> takes the next envelope from its source, hands it to <c>onFrame</c> (the online run's
/// recorder), parses it and buffers the frame's events in the parser's order; the driver, run with one tick per batch,
/// then makes each frame that yields events one tick. Frames are taken in receive order; an event whose venue time is
/// older than one already handed out goes out at the time reached (<c>late_event</c>), so event time never goes back.
/// The same class reads a live socket (online) and a recording (offline), so a replay of what an online run recorded
/// sees the same frames, the same events and the same ticks (the paper/replay parity).
/// </summary>
public sealed class WsFrameFeed : IMarketDataFeed
{
    private readonly Func<CancellationToken, ValueTask<WsEnvelope?>> _next;
    private readonly Action<WsEnvelope>? _onFrame;
    private readonly Func<IReadOnlyDictionary<string, long>>? _extraSkipped;
    private readonly List<MarketEvent> _events = new(64);
    private readonly Dictionary<string, long> _skipped = new(StringComparer.Ordinal);
    private int _next0;
    private DateTimeOffset _reached = DateTimeOffset.MinValue;

    /// <param name="instruments">The run's markets, indexed 0..n−1 in run order.</param>
    /// <param name="next">The next envelope, or null once the stream has ended.</param>
    /// <param name="onFrame">Called with every envelope taken, before it is parsed (PONGs and damaged frames included).</param>
    /// <param name="extraSkipped">Counts of the source's own (e.g. damaged lines of a recording), merged into <see cref="Skipped"/>.</param>
    public WsFrameFeed(IReadOnlyList<InstrumentSpec> instruments, Func<CancellationToken, ValueTask<WsEnvelope?>> next,
        Action<WsEnvelope>? onFrame = null, Func<IReadOnlyDictionary<string, long>>? extraSkipped = null)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(next);
        Instruments = instruments;
        Parser = new MarketChannelParser(new WsTokenMap(instruments));
        _next = next;
        _onFrame = onFrame;
        _extraSkipped = extraSkipped;
    }

    public IReadOnlyList<InstrumentSpec> Instruments { get; }

    public MarketChannelParser Parser { get; }

    public int InstrumentCount => Instruments.Count;

    /// <summary>Envelopes taken from the source.</summary>
    public long Frames { get; private set; }

    /// <summary>Event time of the last event handed out.</summary>
    public DateTimeOffset? EventTime => _reached == DateTimeOffset.MinValue ? null : _reached;

    public IReadOnlyDictionary<string, long> Skipped
    {
        get
        {
            _skipped.Clear();
            foreach (var (k, v) in Parser.Skipped)
            {
                _skipped[k] = v;
            }

            if (_extraSkipped?.Invoke() is { } extra)
            {
                foreach (var (k, v) in extra)
                {
                    _skipped[k] = _skipped.GetValueOrDefault(k) + v;
                }
            }

            return _skipped;
        }
    }

    /// <summary>A recording directory replayed frame by frame: the markets of <paramref name="instruments"/> only.</summary>
    public static WsFrameFeed FromRecording(string directory, IReadOnlyList<InstrumentSpec> instruments, out WsRecordingFiles files)
    {
        var source = new WsRecordingFiles(directory);
        files = source;
        var envelopes = source.ReadBorrowed().GetEnumerator();
        return new WsFrameFeed(
            instruments,
            _ => ValueTask.FromResult<WsEnvelope?>(envelopes.MoveNext() ? envelopes.Current : null),
            extraSkipped: () => source.Counts);
    }

    public bool TryRead(out MarketEvent e)
    {
        if (_next0 < _events.Count)
        {
            e = _events[_next0++];
            return true;
        }

        e = default;
        return false;
    }

    public async ValueTask<bool> WaitAsync(CancellationToken cancellation)
    {
        while (true)
        {
            var pending = _next(cancellation);
            var env = pending.IsCompletedSuccessfully ? pending.Result : await pending.ConfigureAwait(false);
            if (env is not { } frame)
            {
                return false;
            }

            Frames++;
            _onFrame?.Invoke(frame);
            _events.Clear();
            _next0 = 0;
            Parser.ParseFrame(in frame, _events);
            if (_events.Count == 0)
            {
                // A PONG, a damaged frame or one about other tokens: no tick.
                continue;
            }

            for (var i = 0; i < _events.Count; i++)
            {
                var ev = _events[i];
                if (ev.TsEvent < _reached)
                {
                    Parser.Count("late_event");
                    _events[i] = WsRecordingReader.WithEventTime(ev, _reached);
                }
                else
                {
                    _reached = ev.TsEvent;
                }
            }

            return true;
        }
    }
}
