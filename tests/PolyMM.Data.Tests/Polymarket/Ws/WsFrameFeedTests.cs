using PolyMM.Core.Instruments;
using PolyMM.Core.Market;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Data.Tests.Polymarket.Ws;

public sealed class WsFrameFeedTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static WsEnvelope Env(int sec, string frame) => new(WsEnvelope.ToMicros(T0.AddSeconds(sec)), 1, frame);

    private static string Trade(int sec, string hash) =>
        $$"""{"event_type":"last_trade_price","market":"0xm","asset_id":"11","price":"0.5","size":"10","side":"BUY","timestamp":"{{T0.AddSeconds(sec).ToUnixTimeMilliseconds()}}","transaction_hash":"{{hash}}"}""";

    private static WsFrameFeed Feed(List<WsEnvelope> frames, List<WsEnvelope>? seen = null)
    {
        var queue = new Queue<WsEnvelope>(frames);
        return new WsFrameFeed([new InstrumentSpec(0, "0xm", "11", "12", 0.01m, 5m)],
            _ => ValueTask.FromResult<WsEnvelope?>(queue.TryDequeue(out var e) ? e : null), seen is null ? null : seen.Add);
    }

    private static async Task<List<List<MarketEvent>>> Batches(WsFrameFeed feed)
    {
        var batches = new List<List<MarketEvent>>();
        while (await feed.WaitAsync(CancellationToken.None))
        {
            var batch = new List<MarketEvent>();
            while (feed.TryRead(out var e))
            {
                batch.Add(e);
            }

            batches.Add(batch);
        }

        return batches;
    }

    [Fact]
    public async Task WaitAsync_FramesWithAndWithoutEvents_OneBatchPerFrameThatYieldsEventsAndEveryFrameSeen()
    {
        var seen = new List<WsEnvelope>();
        var feed = Feed([Env(1, Trade(1, "0xa")), Env(2, "PONG"), Env(3, "[" + Trade(3, "0xb") + "," + Trade(3, "0xc") + "]")], seen);

        var batches = await Batches(feed);

        // The PONG makes no batch (no tick) but is handed on (recorded) like every frame.
        Assert.Equal([1, 2], batches.Select(b => b.Count));
        Assert.Equal(3, seen.Count);
        Assert.Equal(3, feed.Frames);
        Assert.Equal(1, feed.Skipped["control_text"]);
    }

    [Fact]
    public async Task WaitAsync_EventOlderThanOneHandedOut_GoesOutAtTheTimeReachedAndIsCounted()
    {
        // The second frame arrives later but states an event time 5 s before the first one's.
        var feed = Feed([Env(10, Trade(10, "0xa")), Env(11, Trade(5, "0xb"))]);

        var batches = await Batches(feed);

        Assert.Equal(T0.AddSeconds(10), batches[1][0].TsEvent);
        Assert.Equal(T0.AddSeconds(11), batches[1][0].TsRecv);
        Assert.Equal(1, feed.Skipped["late_event"]);
    }
}
