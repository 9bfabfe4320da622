namespace PolyMM.Data.Polymarket.Ws;

/// <summary>
/// The market-channel side of <c>mm record --feed ws</c> (docs/design.md#websocket-recording): a REST book snapshot
/// of every token at start, then every frame of every connection into the recorder, a fresh REST snapshot of a
/// connection's tokens after each reconnect, and a flush of the buffered lines every second, until the time is up or,
/// with a frame limit, the client has delivered that many frames.
/// </summary>
public sealed class WsRecordingSession
{
    private const int BooksPerRequest = 100;
    private readonly PolymarketClient _rest;
    private readonly WsRecorder _recorder;
    private readonly TimeProvider _time;
    private readonly IReadOnlyList<string> _tokens;
    private long _restSnapshots;
    private long _restFailures;
    private long _maxFrames = long.MaxValue;
    private CancellationTokenSource? _enough;
    private Task? _stopping;
    private int _stopRequested;

    public WsRecordingSession(PolymarketClient rest, MarketChannelOptions options, IReadOnlyList<string> tokens, WsRecorder recorder, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(rest);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(tokens);
        _rest = rest;
        _recorder = recorder;
        _time = time;
        _tokens = tokens;
        Client = new MarketChannelClient(options, tokens, time, OnFrame, (_, assets, ct) => SnapshotAsync(assets, ct));
    }

    public MarketChannelClient Client { get; }

    /// <summary>REST snapshot answers written (one line per batch of up to 100 tokens).</summary>
    public long RestSnapshots => Interlocked.Read(ref _restSnapshots);

    public long RestFailures => Interlocked.Read(ref _restFailures);

    /// <summary>True once the frame limit of <see cref="RunAsync"/> was reached (the recording stopped for it).</summary>
    public bool FrameLimitReached => Volatile.Read(ref _stopRequested) == 1;

    /// <summary>
    /// Records for <paramref name="duration"/> of wall time or, when <paramref name="maxFrames"/> is set, until the
    /// client's <see cref="MarketChannelStats.Frames"/> reaches it, whichever comes first (call once per session). A
    /// stop by either is a completed recording (true); false when <paramref name="cancellationToken"/> fired first.
    /// </summary>
    public async Task<bool> RunAsync(TimeSpan duration, long? maxFrames, CancellationToken cancellationToken)
    {
        if (maxFrames is { } limit)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1L, nameof(maxFrames));
        }

        using var until = new CancellationTokenSource(duration, _time);
        using var enough = new CancellationTokenSource();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, until.Token, enough.Token);
        Volatile.Write(ref _enough, enough);
        Volatile.Write(ref _maxFrames, maxFrames ?? long.MaxValue);
        try
        {
            try
            {
                await SnapshotAsync(_tokens, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return !cancellationToken.IsCancellationRequested;
            }

            var flushing = FlushLoopAsync(stop.Token);
            await Client.RunAsync(stop.Token).ConfigureAwait(false);
            await flushing.ConfigureAwait(false);
            _recorder.Flush();
            return !cancellationToken.IsCancellationRequested;
        }
        finally
        {
            // The frame callback cancels asynchronously: let its callbacks finish before the sources are disposed.
            if (Volatile.Read(ref _stopping) is { } stopping)
            {
                await stopping.ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records a frame (called concurrently by the connections) and asks for the stop once the limit is reached.</summary>
    private void OnFrame(int conn, DateTimeOffset received, string frame)
    {
        _recorder.Append(received, conn, frame);
        // The client counts the frame before handing it on, so the counter already includes this one.
        if (Client.Stats.Frames >= Volatile.Read(ref _maxFrames) && Interlocked.Exchange(ref _stopRequested, 1) == 0)
        {
            // Asynchronous, so the other connections' receives are not cancelled on this connection's task.
            Volatile.Write(ref _stopping, Volatile.Read(ref _enough)!.CancelAsync());
        }
    }

    private async Task SnapshotAsync(IReadOnlyList<string> tokens, CancellationToken ct)
    {
        foreach (var chunk in tokens.Chunk(BooksPerRequest))
        {
            var answer = await _rest.GetBooksRawAsync(chunk, ct).ConfigureAwait(false);
            if (answer.IsSuccess)
            {
                _recorder.Append(_time.GetUtcNow(), 0, answer.Value, WsEnvelope.RestBookKind);
                Interlocked.Increment(ref _restSnapshots);
            }
            else
            {
                Interlocked.Increment(ref _restFailures);
            }
        }
    }

    private async Task FlushLoopAsync(CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), _time, ct).ConfigureAwait(false);
                _recorder.Flush();
            }
        }
        catch (OperationCanceledException)
        {
            // recording is over
        }
    }
}
