using System.Threading.Channels;

namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// The bounded hand-over between the live market channel's connections (and REST resyncs) and the engine
/// (docs/design.md#websocket-market-channel, "Back-pressure"). Writers never wait: a frame that finds the queue full is
/// dropped and counted, and the books are then owed a fresh REST snapshot — <see cref="TakeResync"/> says so once,
/// when the queue has drained to half, so the snapshot has room and lands after the frames already queued. Memory is
/// bounded by <see cref="Capacity"/> frames whatever the engine's pace.
/// </summary>
public sealed class FrameQueue
{
    /// <summary>The default capacity: at a few KB a frame, tens of MB at most.</summary>
    public const int DefaultCapacity = 20_000;

    private readonly Channel<WsEnvelope> _channel;
    private long _dropped;
    private int _resyncOwed;

    public FrameQueue(int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        Capacity = capacity;
        _channel = Channel.CreateBounded<WsEnvelope>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    }

    public int Capacity { get; }

    /// <summary>Frames dropped because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Frames waiting.</summary>
    public int Count => _channel.Reader.Count;

    /// <summary>Queues <paramref name="envelope"/>, or drops and counts it when the queue is full (never waits).</summary>
    public bool TryWrite(WsEnvelope envelope)
    {
        if (_channel.Writer.TryWrite(envelope))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        Interlocked.Exchange(ref _resyncOwed, 1);
        return false;
    }

    /// <summary>The next frame; throws <see cref="ChannelClosedException"/> once completed and drained.</summary>
    public ValueTask<WsEnvelope> ReadAsync(CancellationToken cancellation) => _channel.Reader.ReadAsync(cancellation);

    /// <summary>
    /// True once after frames were dropped, as soon as at most half the capacity is queued: the caller then takes a
    /// REST snapshot of every token, which replaces the books the dropped frames left stale.
    /// </summary>
    public bool TakeResync() =>
        Volatile.Read(ref _resyncOwed) == 1 && Count <= Capacity / 2 && Interlocked.Exchange(ref _resyncOwed, 0) == 1;

    public void Complete() => _channel.Writer.TryComplete();
}
