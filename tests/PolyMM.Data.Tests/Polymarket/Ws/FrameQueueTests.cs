using System.Threading.Channels;
using PolyMM.Data.Polymarket.Ws;

namespace PolyMM.Data.Tests.Polymarket.Ws;

public sealed class FrameQueueTests
{
    private static WsEnvelope Env(int i) => new(i, 1, $"frame {i}");

    [Fact]
    public async Task TryWrite_PastCapacity_DropsCountsAndOwesOneResyncOnceHalfDrained()
    {
        // Capacity 4: frames 0–3 queue, 4 and 5 are dropped. The resync is owed while 4 are queued, but taken only at
        // ≤ 2 queued (half of 4), and only once.
        var queue = new FrameQueue(4);
        var written = Enumerable.Range(0, 6).Select(i => queue.TryWrite(Env(i))).ToList();

        Assert.Equal([true, true, true, true, false, false], written);
        Assert.Equal(2, queue.Dropped);
        Assert.False(queue.TakeResync());
        Assert.Equal("frame 0", (await queue.ReadAsync(CancellationToken.None)).Frame);
        Assert.False(queue.TakeResync());
        Assert.Equal("frame 1", (await queue.ReadAsync(CancellationToken.None)).Frame);
        Assert.True(queue.TakeResync());
        Assert.False(queue.TakeResync());
    }

    [Fact]
    public async Task TakeResync_WithoutDrops_NeverAndCompleteEndsReads()
    {
        var queue = new FrameQueue(4);
        Assert.True(queue.TryWrite(Env(0)));
        queue.Complete();

        Assert.False(queue.TakeResync());
        Assert.Equal("frame 0", (await queue.ReadAsync(CancellationToken.None)).Frame);
        await Assert.ThrowsAsync<ChannelClosedException>(() => queue.ReadAsync(CancellationToken.None).AsTask());
        Assert.Equal(0, queue.Dropped);
    }
}
