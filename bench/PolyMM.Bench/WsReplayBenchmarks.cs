using System.Text;
using BenchmarkDotNet.Attributes;
using PolyMM.Core.Engine;
using PolyMM.Core.Fills;
using PolyMM.Core.Instruments;
using PolyMM.Data.Fixtures.Synth;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Bench;

/// <summary>
/// Market-channel replay without a ledger: frame text → parser → L2 books → engine (quoting, venue, trade-through fills,
/// portfolio), no-op sink. Frames come from <see cref="SynthWsRecording"/> held in memory as UTF-8 bytes, as the recording
/// reader hands them over (docs/design.md#websocket-recording), so file reading, gzip and the envelope are not measured
/// (the 1 GB replay in bench/run.sh measures those). One op = one market event the parser produced.
/// </summary>
[MemoryDiagnoser]
public class WsReplayBenchmarks
{
    public const int Markets = 10;
    public const int Frames = 200_000;
    private WsEnvelope[] _frames = null!;
    private WsEnvelope[] _text = null!;
    private InstrumentSpec[] _instruments = null!;

    /// <summary>Market events in <see cref="Frames"/> frames (known after <see cref="Setup"/>).</summary>
    public long Events { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = [.. new SynthWsRecording(Markets, 42).Frames(Frames)];
        _frames = [.. _text.Select(f => new WsEnvelope(f.RecvTsUs, f.Conn, Encoding.UTF8.GetBytes(f.Frame), f.Kind))];
        _instruments = [.. Enumerable.Range(0, Markets).Select(i =>
            new InstrumentSpec(i, SynthWsRecording.ConditionId(i), SynthWsRecording.YesToken(i), SynthWsRecording.NoToken(i), 0.01m, 5m))];
        Events = ParseOnly();
    }

    /// <summary>The parser and books alone.</summary>
    public long ParseOnly() => Parse(_frames);

    /// <summary>The parser and books alone on the frames as text (an online run's frames): UTF-8 transcoding included.</summary>
    public long ParseOnlyText() => Parse(_text);

    private long Parse(WsEnvelope[] frames)
    {
        var parser = new MarketChannelParser(new WsTokenMap(_instruments));
        var events = new List<Core.Market.MarketEvent>(16);
        long n = 0;
        foreach (var f in frames)
        {
            events.Clear();
            parser.ParseFrame(in f, events);
            n += events.Count;
        }

        return n;
    }

    [Benchmark]
    public long Replay()
    {
        var i = 0;
        var feed = new WsFrameFeed(_instruments, _ => ValueTask.FromResult<WsEnvelope?>(i < _frames.Length ? _frames[i++] : null));
        var sink = new NullSink();
        var engine = new MarketMakingEngine(new EngineOptions(), 10_000m, _instruments, new TradeThroughFillModel(), sink);
        EngineDriver.Run(feed, engine, new DriverOptions { TickPerBatch = true }, CancellationToken.None);
        return sink.Orders;
    }
}
