using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Data.Fixtures.Synth;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Data.Tests.Fixtures;

public sealed class SynthWsRecordingTests
{
    private static InstrumentSpec[] Instruments(int n) =>
        [.. Enumerable.Range(0, n).Select(i => new InstrumentSpec(i, SynthWsRecording.ConditionId(i), SynthWsRecording.YesToken(i), SynthWsRecording.NoToken(i), 0.01m, 5m))];

    [Fact]
    public void Frames_SameSeed_SameFramesOtherSeedOthers()
    {
        var a = new SynthWsRecording(3, 7).Frames(500).ToList();
        var b = new SynthWsRecording(3, 7).Frames(500).ToList();
        var c = new SynthWsRecording(3, 8).Frames(500).ToList();

        Assert.Equal(a, b);
        Assert.NotEqual(a.Select(e => e.Frame), c.Select(e => e.Frame));
    }

    [Fact]
    public void Frames_ThroughTheParser_BooksAgreeWithEveryStatedBboAndTradesArePairs()
    {
        // 3 markets × 2,000 frames each: every price_change states the BBO after it, so a consistent stream has no
        // mismatch, no crossed book and no resync; every trade is printed on both tokens, so half the prints are mirrors.
        var parser = new MarketChannelParser(new WsTokenMap(Instruments(3)));
        var events = new List<MarketEvent>();
        foreach (var f in new SynthWsRecording(3, 42).Frames(6_000))
        {
            parser.ParseFrame(f.Frame, f.Received, events, f.IsRestBook);
        }

        Assert.All(parser.Books.Values, b => Assert.Equal((0L, 0L, 0L), (b.BboMismatches, b.Crossed, b.Resyncs)));
        var trades = events.Count(e => e.Kind == MarketEventKind.Trade);
        Assert.True(trades > 0);
        Assert.Equal(trades, parser.Skipped["mirrored_trade"]);
        Assert.DoesNotContain("bad_value", parser.Skipped.Keys);
        Assert.Equal(6, parser.Books.Count);
    }
}
